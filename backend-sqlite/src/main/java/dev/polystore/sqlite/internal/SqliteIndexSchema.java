package dev.polystore.sqlite.internal;

import java.util.List;

/**
 * Migration 2: the search index. {@code search_resources} gives every resource a numeric key ({@code rkey}) and says
 * whether its current version is live; one table per index entry type holds the entries of current versions, every row
 * carrying tenant, resource type, resource key and parameter code. Components of composite entries are stored in the
 * typed tables under the code {@code composite$position} with {@code comp} = the combination number of the
 * {@code idx_composite} row they belong to (null for ordinary entries). Resources written before this migration have no
 * index rows until they are written again.
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
            CREATE TABLE idx_string (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              norm TEXT NOT NULL, exact TEXT NOT NULL
            )""",
            "CREATE INDEX idx_string_value ON idx_string (tenant, type, code, norm)",
            "CREATE INDEX idx_string_rkey ON idx_string (rkey, code)",
            """
            CREATE TABLE idx_token (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              system TEXT, value TEXT, text_norm TEXT, type_system TEXT, type_code TEXT
            )""",
            "CREATE INDEX idx_token_value ON idx_token (tenant, type, code, value, system)",
            "CREATE INDEX idx_token_rkey ON idx_token (rkey, code)",
            """
            CREATE TABLE idx_date (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              start_ms INTEGER, end_ms INTEGER
            )""",
            "CREATE INDEX idx_date_start ON idx_date (tenant, type, code, start_ms)",
            "CREATE INDEX idx_date_end ON idx_date (tenant, type, code, end_ms)",
            "CREATE INDEX idx_date_rkey ON idx_date (rkey, code)",
            """
            CREATE TABLE idx_number (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              point REAL, low REAL, high REAL
            )""",
            "CREATE INDEX idx_number_point ON idx_number (tenant, type, code, point)",
            "CREATE INDEX idx_number_rkey ON idx_number (rkey, code)",
            """
            CREATE TABLE idx_quantity (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              point REAL, low REAL, high REAL, system TEXT, unit_code TEXT, unit TEXT,
              c_point REAL, c_low REAL, c_high REAL, c_unit TEXT
            )""",
            "CREATE INDEX idx_quantity_point ON idx_quantity (tenant, type, code, point)",
            "CREATE INDEX idx_quantity_canonical ON idx_quantity (tenant, type, code, c_unit, c_point)",
            "CREATE INDEX idx_quantity_rkey ON idx_quantity (rkey, code)",
            """
            CREATE TABLE idx_reference (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              target_type TEXT, target_id TEXT, version TEXT, url TEXT, url_base TEXT, id_system TEXT, id_value TEXT,
              contained INTEGER NOT NULL, canonical INTEGER NOT NULL, display_norm TEXT
            )""",
            "CREATE INDEX idx_reference_target ON idx_reference (tenant, target_id, target_type, code, type)",
            "CREATE INDEX idx_reference_url ON idx_reference (tenant, type, code, url_base)",
            "CREATE INDEX idx_reference_rkey ON idx_reference (rkey, code)",
            """
            CREATE TABLE idx_uri (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, comp INTEGER,
              uri TEXT NOT NULL, version TEXT
            )""",
            "CREATE INDEX idx_uri_value ON idx_uri (tenant, type, code, uri)",
            "CREATE INDEX idx_uri_rkey ON idx_uri (rkey, code)",
            """
            CREATE TABLE idx_composite (
              tenant TEXT NOT NULL, type TEXT NOT NULL, rkey INTEGER NOT NULL, code TEXT NOT NULL, combo INTEGER NOT NULL
            )""",
            "CREATE INDEX idx_composite_code ON idx_composite (tenant, type, code)",
            "CREATE INDEX idx_composite_rkey ON idx_composite (rkey, code, combo)");

    /** The index tables, for deleting a resource's rows. */
    static final List<String> TABLES = List.of(
            "idx_string",
            "idx_token",
            "idx_date",
            "idx_number",
            "idx_quantity",
            "idx_reference",
            "idx_uri",
            "idx_composite");
}
