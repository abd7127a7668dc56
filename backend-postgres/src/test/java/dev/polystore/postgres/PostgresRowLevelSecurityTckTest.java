package dev.polystore.postgres;

import dev.polystore.api.FhirStore;
import dev.polystore.api.capability.TenancyStrategy;
import dev.polystore.tck.FhirStoreTck;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;

/** The whole TCK on a shared schema with row-level security on, as an ordinary role (policies bind it). */
@DisplayName("PostgreSQL 18, one shared schema with row-level security")
class PostgresRowLevelSecurityTckTest extends FhirStoreTck {
    private static String database;

    @Override
    protected FhirStore createStore() {
        try {
            synchronized (PostgresRowLevelSecurityTckTest.class) {
                if (database == null) {
                    database = PostgresAdmin.appRoleDatabase("tck_rls");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return PostgresAdmin.appRoleBuilder(database)
                .tenancy(TenancyStrategy.SHARED_SCHEMA)
                .rowLevelSecurity(true)
                .schema("tck_rls")
                .limits(LIMITS)
                .build();
    }
}
