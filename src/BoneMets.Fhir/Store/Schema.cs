namespace BoneMets.Fhir.Store;

/// <summary>
/// The SQLite schema. Times are Unix milliseconds (UTC) so they compare as numbers. Work that instances share (inbox
/// items, deliveries, notifications) carries a lease (ADR 0015): <c>claimed_by</c> the instance, <c>claims</c> the
/// fencing token (raised by every claim), <c>lease_until</c> when another instance may take it over.
/// </summary>
internal static class Schema
{
    public const int Version = 2;

    /// <summary>
    /// Columns added since version 1, for files created before them (CREATE TABLE IF NOT EXISTS leaves an existing
    /// table as it was): table, column, definition, and what to run once the column is new. Rows a version-1 process
    /// left "processing" get an expired lease, which is what its startup reset did for them.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Definition, string? Then)> Added =
    [
        ("inbox", "claimed_by", "TEXT", null),
        ("inbox", "claims", "INTEGER NOT NULL DEFAULT 0", null),
        ("inbox", "lease_until", "INTEGER", "UPDATE inbox SET lease_until = 0 WHERE status = 'processing'"),
        ("outbox_deliveries", "claimed_by", "TEXT", null),
        ("outbox_deliveries", "claims", "INTEGER NOT NULL DEFAULT 0", null),
        ("outbox_deliveries", "lease_until", "INTEGER", "UPDATE outbox_deliveries SET lease_until = 0 WHERE status = 'processing'"),
        ("subscription_notifications", "claimed_by", "TEXT", null),
        ("subscription_notifications", "claims", "INTEGER NOT NULL DEFAULT 0", null),
        ("subscription_notifications", "lease_until", "INTEGER", null),
    ];

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
            completed_at   INTEGER,
            claimed_by     TEXT,
            claims         INTEGER NOT NULL DEFAULT 0,
            lease_until    INTEGER
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
        CREATE TABLE IF NOT EXISTS message_content (bundle_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
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
        -- Subscriptions (issue 7): notifications stored before the sender is answered, each partner's feed state,
        -- and the latest processed version of each referral (deduplication across message, notification and poll).
        CREATE TABLE IF NOT EXISTS subscription_notifications (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            partner_id   TEXT NOT NULL,
            body         TEXT NOT NULL,
            received_at  INTEGER NOT NULL,
            status       TEXT NOT NULL,
            problem      TEXT,
            processed_at INTEGER,
            claimed_by   TEXT,
            claims       INTEGER NOT NULL DEFAULT 0,
            lease_until  INTEGER
        );
        CREATE INDEX IF NOT EXISTS subscription_notifications_pending ON subscription_notifications (status, seq);
        CREATE TABLE IF NOT EXISTS subscription_state (
            partner_id      TEXT PRIMARY KEY,
            subscription_id TEXT,
            highest_event   INTEGER NOT NULL,
            last_contact    INTEGER,
            safe_point      INTEGER
        );
        -- issue 20: one event counter per Subscription (partner + subscription id); subscription_state.highest_event is no longer read.
        CREATE TABLE IF NOT EXISTS subscription_events (
            partner_id      TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            highest_event   INTEGER NOT NULL,
            advanced_at     INTEGER NOT NULL,
            PRIMARY KEY (partner_id, subscription_id)
        );
        CREATE TABLE IF NOT EXISTS subscription_referral_versions (
            referral_key TEXT PRIMARY KEY,
            version      TEXT NOT NULL,
            last_updated INTEGER,
            processed_at INTEGER NOT NULL
        );

        -- gather-refs (ADR 10): the profile warnings intake returned, with the inbox item, so processing does not validate again.
        CREATE TABLE IF NOT EXISTS inbox_warnings (seq INTEGER PRIMARY KEY, warnings_json TEXT NOT NULL);
        -- Version 1 numbered resource writes from this one row; kept only to seed resource_writes in files it numbered.
        CREATE TABLE IF NOT EXISTS sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        -- Every new resource version, numbered by the database's own identity (no counter row that instances update):
        -- resources.seq, the search cursor, is its number. Seeded once with version 1's last number, so new numbers follow it.
        CREATE TABLE IF NOT EXISTS resource_writes (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            type    TEXT NOT NULL,
            id      TEXT NOT NULL,
            version INTEGER NOT NULL
        );
        INSERT INTO resource_writes (seq, type, id, version)
            SELECT value, '', '', 0 FROM sequence WHERE name = 'resources' AND value > 0 AND NOT EXISTS (SELECT 1 FROM resource_writes);
        -- Lifecycle (issue 6, branch lifecycle): referrers' cancellations, kept even before the referral is processed,
        -- and once-only markers (escalations sent, slots released) that survive restarts.
        CREATE TABLE IF NOT EXISTS lifecycle_cancellation (
            referral_key TEXT PRIMARY KEY,
            requested_at INTEGER NOT NULL,
            status_time  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS lifecycle_marker (
            referral_key TEXT NOT NULL,
            kind         TEXT NOT NULL,
            marked_at    INTEGER NOT NULL,
            PRIMARY KEY (referral_key, kind)
        );
        -- Outbox (issue 6, ADR 0011): where each referral's write-back goes, the deliveries queued in the same
        -- transaction as the change they carry, and what the partner calls each delivered resource.
        CREATE TABLE IF NOT EXISTS outbox_routes (
            referral_key      TEXT PRIMARY KEY,
            partner_id        TEXT NOT NULL,
            fhir_base         TEXT,
            reply_endpoint    TEXT,
            request_header_id TEXT,
            source_endpoint   TEXT,
            received_json     TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox_deliveries (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            referral_key  TEXT NOT NULL,
            partner_id    TEXT NOT NULL,
            channel       TEXT NOT NULL,
            target        TEXT NOT NULL,
            reason        TEXT NOT NULL,
            payload_json  TEXT NOT NULL,
            status        TEXT NOT NULL,
            attempts      INTEGER NOT NULL DEFAULT 0,
            next_attempt  INTEGER NOT NULL,
            last_error    TEXT,
            created_at    INTEGER NOT NULL,
            delivered_at  INTEGER,
            claimed_by    TEXT,
            claims        INTEGER NOT NULL DEFAULT 0,
            lease_until   INTEGER
        );
        CREATE INDEX IF NOT EXISTS outbox_queue ON outbox_deliveries (status, next_attempt, seq);
        CREATE INDEX IF NOT EXISTS outbox_order ON outbox_deliveries (referral_key, channel, seq);
        CREATE TABLE IF NOT EXISTS outbox_partner_ids (
            partner_id    TEXT NOT NULL,
            referral_key  TEXT NOT NULL,
            type          TEXT NOT NULL,
            local_id      TEXT NOT NULL,
            their_id      TEXT NOT NULL,
            their_version TEXT,
            PRIMARY KEY (partner_id, type, local_id)
        );
        CREATE INDEX IF NOT EXISTS outbox_partner_ids_referral ON outbox_partner_ids (partner_id, referral_key);
        -- Inbound authorization (issue 13, ADR 0016): client assertion ids seen at the token endpoint, until they expire.
        -- Loops that must run on one instance at a time (ADR 0015): who leads each, with a fencing token, until when.
        CREATE TABLE IF NOT EXISTS store_leases (
            name        TEXT PRIMARY KEY,
            owner       TEXT NOT NULL,
            token       INTEGER NOT NULL,
            lease_until INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS assertion_jti (
            client_id  TEXT NOT NULL,
            jti        TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (client_id, jti)
        );
        -- Audit trail (issue 13, ADR 0020): append-only AuditEvents and the values they are searched by; swept by age.
        CREATE TABLE IF NOT EXISTS audit_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, recorded INTEGER NOT NULL, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_events_recorded ON audit_events (recorded);
        CREATE TABLE IF NOT EXISTS audit_index (seq INTEGER NOT NULL, param TEXT NOT NULL, system TEXT, value TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_index_lookup ON audit_index (param, value, seq);
        CREATE INDEX IF NOT EXISTS audit_index_event ON audit_index (seq);
        -- Partner isolation (issue 13, ADR 0016): whose referral each referral key is (the first message decides; '' for
        -- none), and the partner each stored resource was written for. A partner's client reads only rows it owns here.
        CREATE TABLE IF NOT EXISTS referral_partners (
            referral_key TEXT PRIMARY KEY,
            partner_id   TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS resource_partners (
            type       TEXT NOT NULL,
            id         TEXT NOT NULL,
            partner_id TEXT NOT NULL,
            PRIMARY KEY (type, id, partner_id)
        );
        """;
}
