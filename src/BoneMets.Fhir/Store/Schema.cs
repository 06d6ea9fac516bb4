namespace BoneMets.Fhir.Store;

/// <summary>The SQLite schema. Times are Unix milliseconds (UTC) so they compare as numbers.</summary>
internal static class Schema
{
    public const int Version = 1;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS inbox (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            bundle_id      TEXT NOT NULL,
            header_id      TEXT NOT NULL,
            referral_key   TEXT NOT NULL,
            request_id     TEXT,
            correlation_id TEXT,
            message_json   TEXT NOT NULL,
            received_at    INTEGER NOT NULL,
            status         TEXT NOT NULL,
            attempts       INTEGER NOT NULL DEFAULT 0,
            next_attempt   INTEGER NOT NULL,
            last_error     TEXT,
            completed_at   INTEGER
        );
        CREATE INDEX IF NOT EXISTS inbox_queue ON inbox (status, next_attempt, seq);
        CREATE TABLE IF NOT EXISTS message_cache (
            bundle_id     TEXT NOT NULL UNIQUE,
            header_id     TEXT NOT NULL UNIQUE,
            request_id    TEXT,
            inbox_seq     INTEGER NOT NULL,
            response_json TEXT NOT NULL,
            cache_until   INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS message_cache_request ON message_cache (request_id) WHERE request_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS resources (
            type         TEXT NOT NULL,
            id           TEXT NOT NULL,
            version      INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            seq          INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            json         TEXT NOT NULL,
            PRIMARY KEY (type, id)
        );
        CREATE INDEX IF NOT EXISTS resources_seq ON resources (type, seq);
        CREATE TABLE IF NOT EXISTS resource_history (
            type         TEXT NOT NULL,
            id           TEXT NOT NULL,
            version      INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            json         TEXT NOT NULL,
            PRIMARY KEY (type, id, version)
        );
        CREATE TABLE IF NOT EXISTS search_index (
            type   TEXT NOT NULL,
            id     TEXT NOT NULL,
            param  TEXT NOT NULL,
            system TEXT,
            value  TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS search_index_lookup ON search_index (type, param, value);
        CREATE INDEX IF NOT EXISTS search_index_owner ON search_index (type, id);
        -- gather-refs (ADR 10): the profile warnings intake returned, with the inbox item, so processing does not validate again.
        CREATE TABLE IF NOT EXISTS inbox_warnings (seq INTEGER PRIMARY KEY, warnings_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO sequence (name, value) VALUES ('resources', 0);
        """;
}
