package dev.polystore.sqlite.internal;

import dev.polystore.sql.SqlIndexLayout;
import java.util.List;

/**
 * Migration 2: the search index. {@code search_resources} gives every resource a numeric key ({@code rkey}) and says
 * whether its current version is live; {@code idx_param} gives every (tenant, resource type, parameter code) a small
 * numeric key ({@code pkey}). One table per index entry type ({@code idx_..._rows}) holds the entries of current
 * versions, clustered by resource ({@code WITHOUT ROWID}, primary key {@code (rkey, pkey, seq)}), with secondary
 * indexes led by {@code pkey} for the lookups by value; a view of the same name without {@code _rows} adds tenant, type
 * and code back, and is what searches query. Components of composite entries are stored in the typed tables under the
 * code {@code composite$position} with {@code comp} = the combination number of the {@code idx_composite} row they
 * belong to (null for ordinary entries). Resources written before this migration have no index rows until they are
 * written again.
 */
final class SqliteIndexSchema {
    private SqliteIndexSchema() {}

    static final List<String> MIGRATION = List.of(
            """
            CREATE TABLE search_resources (
              rkey INTEGER PRIMARY KEY,
              tenant TEXT NOT NULL,
              type TEXT NOT NULL,
              id TEXT NOT NULL,
              live INTEGER NOT NULL
            )""",
            "CREATE UNIQUE INDEX search_resources_key ON search_resources (tenant, type, id)",
            "CREATE INDEX search_resources_type ON search_resources (tenant, type, rkey)",
            "INSERT INTO search_resources (tenant, type, id, live) SELECT tenant, type, id, 1 - deleted FROM resources",
            """
            CREATE TABLE idx_param (
              pkey INTEGER PRIMARY KEY,
              tenant TEXT NOT NULL,
              type TEXT NOT NULL,
              code TEXT NOT NULL
            )""",
            "CREATE UNIQUE INDEX idx_param_key ON idx_param (tenant, type, code)",
            """
            CREATE TABLE idx_string_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER, norm TEXT NOT NULL, exact TEXT NOT NULL,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_string_value ON idx_string_rows (pkey, norm)",
            "CREATE VIEW idx_string AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.norm AS norm, r.exact AS exact"
                    + " FROM idx_string_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_token_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER,
              system TEXT, value TEXT, text_norm TEXT, type_system TEXT, type_code TEXT,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_token_value ON idx_token_rows (pkey, value)",
            "CREATE VIEW idx_token AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.system AS system, r.value AS value, r.text_norm AS text_norm, r.type_system AS type_system, r.type_code AS type_code"
                    + " FROM idx_token_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_date_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER, start_ms INTEGER, end_ms INTEGER,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_date_start ON idx_date_rows (pkey, start_ms)",
            "CREATE INDEX idx_date_end ON idx_date_rows (pkey, end_ms)",
            "CREATE VIEW idx_date AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.start_ms AS start_ms, r.end_ms AS end_ms"
                    + " FROM idx_date_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_number_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER, point REAL, low REAL, high REAL,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_number_point ON idx_number_rows (pkey, point)",
            "CREATE VIEW idx_number AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.point AS point, r.low AS low, r.high AS high"
                    + " FROM idx_number_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_quantity_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER,
              point REAL, low REAL, high REAL, system TEXT, unit_code TEXT, unit TEXT,
              c_point REAL, c_low REAL, c_high REAL, c_unit TEXT,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_quantity_point ON idx_quantity_rows (pkey, point)",
            "CREATE INDEX idx_quantity_canonical ON idx_quantity_rows (pkey, c_unit, c_point)",
            "CREATE VIEW idx_quantity AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.point AS point, r.low AS low, r.high AS high, r.system AS system, r.unit_code AS unit_code, r.unit AS unit, r.c_point AS c_point, r.c_low AS c_low, r.c_high AS c_high, r.c_unit AS c_unit"
                    + " FROM idx_quantity_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_reference_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER,
              target_type TEXT, target_id TEXT, version TEXT, url TEXT, url_base TEXT, id_system TEXT, id_value TEXT,
              contained INTEGER NOT NULL, canonical INTEGER NOT NULL, display_norm TEXT,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_reference_target ON idx_reference_rows (target_id, target_type, pkey)",
            "CREATE INDEX idx_reference_url ON idx_reference_rows (pkey, url_base)",
            "CREATE VIEW idx_reference AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.target_type AS target_type, r.target_id AS target_id, r.version AS version, r.url AS url, r.url_base AS url_base, r.id_system AS id_system, r.id_value AS id_value, r.contained AS contained, r.canonical AS canonical, r.display_norm AS display_norm"
                    + " FROM idx_reference_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_uri_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, seq INTEGER NOT NULL, comp INTEGER, uri TEXT NOT NULL, version TEXT,
              PRIMARY KEY (rkey, pkey, seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_uri_value ON idx_uri_rows (pkey, uri)",
            "CREATE VIEW idx_uri AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.comp AS comp, r.uri AS uri, r.version AS version"
                    + " FROM idx_uri_rows r JOIN idx_param p ON p.pkey = r.pkey",
            """
            CREATE TABLE idx_composite_rows (
              rkey INTEGER NOT NULL, pkey INTEGER NOT NULL, combo INTEGER NOT NULL,
              PRIMARY KEY (rkey, pkey, combo)
            ) WITHOUT ROWID""",
            "CREATE INDEX idx_composite_code ON idx_composite_rows (pkey)",
            "CREATE VIEW idx_composite AS SELECT p.tenant AS tenant, p.type AS type, r.rkey AS rkey, p.code AS code, r.combo AS combo"
                    + " FROM idx_composite_rows r JOIN idx_param p ON p.pkey = r.pkey");

    /**
     * Migration 4: the reference target index leads with (target id, parameter key), so that {@code patient=123} (no
     * target type) reads only the patient parameter's rows for 123, not every reference to 123 (a long record points at
     * its patient tens of thousands of times).
     */
    static final List<String> MIGRATION_REFERENCE_TARGET = List.of(
            "DROP INDEX idx_reference_target",
            "CREATE INDEX idx_reference_target ON idx_reference_rows (target_id, pkey, target_type)");

    /**
     * Migration 5: the token value index also holds the system, so that {@code system|code} criteria and the planner's
     * probes are answered from the index alone, without a read of each row.
     */
    static final List<String> MIGRATION_TOKEN_SYSTEM = List.of(
            "DROP INDEX idx_token_value", "CREATE INDEX idx_token_value ON idx_token_rows (pkey, value, system)");

    /**
     * Migration 6: composite entries are only their component rows (code {@code composite$position}, numbered alike in
     * {@code comp}); searches find a combination from its first component's value index, so the table of
     * combinations, which every search of a composite scanned whole, goes.
     */
    static final List<String> MIGRATION_COMPOSITE_COMPONENTS_ONLY =
            List.of("DROP VIEW idx_composite", "DROP TABLE idx_composite_rows");

    /**
     * Migration 7: {@code _id} is read from {@code search_resources} through the view {@link SqlIndexLayout#ID_VIEW}
     * instead of one token row per resource; the stored {@code _id} rows go.
     */
    static final List<String> MIGRATION_ID_VIEW = List.of(
            "CREATE VIEW " + SqlIndexLayout.ID_VIEW + " AS " + SqlIndexLayout.ID_VIEW_SELECT,
            "DELETE FROM idx_token_rows WHERE pkey IN (SELECT pkey FROM idx_param WHERE code = '"
                    + SqlIndexLayout.ID_CODE + "')");

    /**
     * Migration 9: the index of absolute reference URLs holds only the rows that have one. Local references, nearly all
     * of them, have no {@code url_base}; each cost an entry here that no search reads ({@code url_base = ?} implies it
     * is not null, so SQLite uses the partial index).
     */
    static final List<String> MIGRATION_PARTIAL_REFERENCE_URL = List.of(
            "DROP INDEX idx_reference_url",
            "CREATE INDEX idx_reference_url ON idx_reference_rows (pkey, url_base) WHERE url_base IS NOT NULL");
}
