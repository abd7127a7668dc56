package dev.polystore.sqlite;

/** Bundles for the SQLite-specific tests. */
final class SqliteTestBundles {
    private SqliteTestBundles() {}

    /** A transaction of {@code n} POSTed Patients with family name {@code family}. */
    static String patientTransaction(String family, int n) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"fullUrl\":\"urn:uuid:00000000-0000-0000-0000-")
                    .append(String.format("%012d", i))
                    .append("\",\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"")
                    .append(family)
                    .append("\",\"given\":[\"P")
                    .append(i)
                    .append("\"]}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
        }
        return b.append("]}").toString();
    }
}
