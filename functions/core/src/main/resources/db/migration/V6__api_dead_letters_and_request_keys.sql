-- The API function's state (functions/api): dead letters from the Knative Broker, the Idempotency-Key of scan
-- requests, and which advisory data generations were announced with dev.pharos.vulndb.updated.v1.

-- Events the broker gave up on (its delivery.deadLetterSink). Deduplicated on source+id, the CloudEvents identity:
-- a redelivery counts in deliveries. error_*: Knative's knativeerrorcode (the last HTTP status),
-- knativeerrordest (the subscriber that refused it) and knativeerrordata (its response body, base64 in the event,
-- decoded here). seq orders the listing, newest first.
CREATE TABLE dead_letter (
    seq               bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    source            text        NOT NULL,
    id                text        NOT NULL,
    type              text        NOT NULL,
    subject           text,
    event_time        timestamptz,
    data_content_type text,
    data              bytea,
    extensions        jsonb       NOT NULL DEFAULT '{}',
    error_code        integer,
    error_destination text,
    error_data        text,
    deliveries        integer     NOT NULL DEFAULT 1,
    received_at       timestamptz NOT NULL DEFAULT now(),
    last_received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, id)
);

-- POST /api/v1/scans with an Idempotency-Key header: the key (scoped by requester) names the scan it created, and
-- fingerprint (a hash of the normalised request) tells a retry from a different request reusing the key.
CREATE TABLE scan_request_key (
    requested_by    text        NOT NULL,
    idempotency_key text        NOT NULL,
    scan_id         uuid        NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    fingerprint     text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (requested_by, idempotency_key)
);

-- When dev.pharos.vulndb.updated.v1 was sent for a generation: NULL until the broker accepted it, so an import whose
-- event was refused is announced by the next import, even one that changes nothing. Earlier generations predate
-- the column and count as announced.
ALTER TABLE vulndb_generation ADD COLUMN announced_at timestamptz;
UPDATE vulndb_generation SET announced_at = imported_at;

-- GET /api/v1/images pages through images newest scan first: the keyset (last_scanned_at, digest) is this index.
CREATE INDEX image_last_scanned ON image (last_scanned_at DESC, digest DESC);
