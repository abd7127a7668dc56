package dev.polystore.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capabilities;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.HistoryQuery;
import dev.polystore.core.engine.HistoryRow;
import dev.polystore.sqlite.SqliteBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * First versions of new resources wait in the writer connection and go in many per statement, with keys given in Java
 * ({@link SqliteVersionBuffer}): reads in the transaction see them, the keys stay unique beside the rows SQLite numbers
 * itself, and a second first version of one resource is a conflict naming it.
 */
@DisplayName("SQLite: first versions written many per statement")
class SqliteVersionBufferTest {
    private final TenantId tenant = TenantId.of("t");
    private final SqliteStorageEngine engine = new SqliteStorageEngine(
            SqliteDatabases.shared(null, new SqliteSettings(2, Duration.ofSeconds(30), false)),
            new Capabilities(
                    "sqlite", SqliteBackend.FEATURES, SqliteBackend.TENANCY_STRATEGIES, TenancyStrategy.SHARED_SCHEMA),
            FhirVersion.R4);

    @AfterEach
    void close() {
        engine.close();
    }

    private StoredResource version(String id, long version, long millis) {
        return new StoredResource(
                tenant,
                "Patient",
                id,
                version,
                Instant.ofEpochMilli(millis),
                FhirVersion.R4,
                version == 1 ? ChangeKind.CREATE : ChangeKind.UPDATE,
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"v" + version + "\"}");
    }

    private long live(String type) {
        return engine.read(tenant, r -> r.countLive(type));
    }

    @Test
    @DisplayName("Reads in the writing transaction see the waiting first versions")
    void readsSeeWaitingVersions() {
        engine.write(tenant, w -> {
            for (int i = 0; i < 37; i++) {
                w.append(version("p" + i, 1, 1000 + i), List.of());
            }
            assertThat(w.countLive("Patient")).isEqualTo(37);
            w.append(version("q", 1, 2000), List.of());
            assertThat(w.current("Patient", "q"))
                    .hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(1));
            assertThat(w.currentMany("Patient", List.of("p0", "p36", "q"))).hasSize(3);
            return null;
        });
        assertThat(live(null)).isEqualTo(38);
    }

    @Test
    @DisplayName("Keys given in Java and keys SQLite gives (an update between creates) stay unique, history in order")
    void keysStayUniqueBesideSqlitesOwn() {
        engine.write(tenant, w -> {
            for (int i = 0; i < 20; i++) {
                w.append(version("a" + i, 1, 1000 + i), List.of());
            }
            // an update numbers its version row itself, after the waiting ones went in
            w.append(version("a3", 2, 1100), List.of());
            for (int i = 0; i < 5; i++) {
                w.append(version("b" + i, 1, 1200 + i), List.of());
            }
            return null;
        });
        engine.write(tenant, w -> {
            w.append(version("c", 1, 1300), List.of());
            return null;
        });
        List<HistoryRow> history =
                engine.read(tenant, r -> r.history(new HistoryQuery(null, null, null, null, null, null, 100)));
        List<String> order = new ArrayList<>();
        for (HistoryRow row : history) {
            order.add(row.resource().id() + "/" + row.resource().versionId());
        }
        assertThat(order).hasSize(27).startsWith("c/1", "b4/1", "b3/1", "b2/1", "b1/1", "b0/1", "a3/2", "a19/1");
        long a3 = engine.read(
                tenant, r -> r.current("Patient", "a3").orElseThrow().versionId());
        assertThat(a3).isEqualTo(2);
        assertThat(live("Patient")).isEqualTo(26);
    }

    @Test
    @DisplayName("Two first versions of one resource in a transaction: a conflict naming it, and nothing is written")
    void secondFirstVersionConflicts() {
        assertThatThrownBy(() -> engine.write(tenant, w -> {
                    for (int i = 0; i < 10; i++) {
                        w.append(version("x" + i, 1, 1000 + i), List.of());
                    }
                    w.append(version("x4", 1, 1500), List.of());
                    return null;
                }))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("Patient/x4");
        assertThat(live(null)).isZero();
    }
}
