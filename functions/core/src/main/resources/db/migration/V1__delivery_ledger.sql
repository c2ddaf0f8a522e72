-- Deliveries that a function has seen, so that a sender's retry or a replay produces no second event.
-- A key is 'claimed' while its events are being emitted and 'done' once they were; a claim whose holder died is
-- taken over after a lease. Keys expire: id-based keys after the retention, content-derived keys (senders that
-- carry no delivery id) after a short window, so that a later identical push is not mistaken for a replay.
CREATE TABLE delivery_ledger (
    delivery_key text        PRIMARY KEY,
    state        text        NOT NULL CHECK (state IN ('claimed', 'done')),
    claimed_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

CREATE INDEX delivery_ledger_expires_at ON delivery_ledger (expires_at);
