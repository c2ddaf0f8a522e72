-- OSV advisories (ossf.github.io/osv-schema) as imported by the engine's OsvImporter, and the index the matcher
-- reads: every advisory for an image's packages comes back in one query over advisory_package (ecosystem, name).
-- record: the advisory as OSV JSON (the fields the engine keeps). modified decides which copy wins on import:
-- a record is replaced only by a strictly newer one. withdrawn: OSV's withdrawn time; such records are kept (so
-- an older copy cannot come back) but never returned for matching.
CREATE TABLE advisory (
    id          text        PRIMARY KEY,
    modified    timestamptz NOT NULL,
    withdrawn   timestamptz,
    record      jsonb       NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- One row per distinct (ecosystem, package name) in a record's affected[]. ecosystem as OSV spells it, release
-- included ('Debian:11', 'Alpine:v3.19', 'Maven', 'npm'). Rewritten whenever its advisory is replaced.
-- No unique key: rows of a replaced advisory are deleted and re-inserted in the same statement. No foreign key
-- either: only that statement writes here, and a per-row check would cost more than the rest of an import.
CREATE TABLE advisory_package (
    ecosystem   text NOT NULL,
    name        text NOT NULL,
    advisory_id text NOT NULL
);
-- Lookup by package; advisory_id included so the lookup is an index-only scan.
CREATE INDEX advisory_package_lookup ON advisory_package (ecosystem, name, advisory_id);
-- Replacing an advisory deletes its package rows.
CREATE INDEX advisory_package_advisory ON advisory_package (advisory_id);
