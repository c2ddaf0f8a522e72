-- The scanning pipeline's system of record: scans as requested and run, images (one per platform manifest digest)
-- with their packages and per-image findings, and the advisory data generation the findings reflect.

-- One row per advisory import that inserted or updated something (OsvImporter callers record it). The current
-- generation is max(generation), 0 before any import (an identity, so concurrent imports never collide); an image matched at an older generation is out of date and
-- vulndb.updated re-matches its stored packages.
CREATE TABLE vulndb_generation (
    generation  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL,
    inserted    integer     NOT NULL,
    updated     integer     NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- An analysed image: the platform manifest digest (for a multi-arch index, the manifest of the chosen platform).
-- analysis_version: the catalogers' name:version list that produced image_package; a different list means the
-- stored packages are stale and the image is analysed again. matched_generation: the vulndb_generation the open
-- findings were matched at. severities: open findings by severity, as in image.scanned's payload.
CREATE TABLE image (
    digest             text        PRIMARY KEY,
    os_id              text,
    os_version_id      text,
    os_name            text,
    os_osv_ecosystem   text,
    layers             text[]      NOT NULL,
    unknowns           jsonb       NOT NULL DEFAULT '[]',
    analysis_version   text        NOT NULL,
    matched_generation bigint      NOT NULL,
    engine             text        NOT NULL,
    sbom               text,
    package_count      integer     NOT NULL,
    severities         jsonb       NOT NULL,
    first_scanned_at   timestamptz NOT NULL DEFAULT now(),
    last_scanned_at    timestamptz NOT NULL DEFAULT now()
);

-- Which repository and tag pointed at an image, as pushes and requests named them. tag '' for a push by digest.
-- pushed_digest is the digest the registry reported (an index digest for a multi-arch push), image_digest the
-- platform manifest that was analysed.
CREATE TABLE image_reference (
    registry      text        NOT NULL,
    repository    text        NOT NULL,
    tag           text        NOT NULL DEFAULT '',
    pushed_digest text        NOT NULL,
    image_digest  text        NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    last_seen     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registry, repository, tag, pushed_digest)
);
CREATE INDEX image_reference_image ON image_reference (image_digest);
CREATE INDEX image_reference_repository ON image_reference (repository, registry);

-- One scan per push event or request. dedupe_key: the triggering CloudEvent's source and id, so a redelivered push
-- finds its scan instead of making another (NULL for scans the API or a sweep created with their own id).
-- registry/repository/tag/digest: the reference as requested; image_digest: what it resolved to, once known.
-- reused: the stored analysis was current and no layer was pulled. attempts: deliveries that started it.
CREATE TABLE scan (
    id              uuid        PRIMARY KEY,
    dedupe_key      text        UNIQUE,
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    trigger         text        NOT NULL CHECK (trigger IN ('push', 'request', 'rematch')),
    registry        text        NOT NULL,
    repository      text        NOT NULL,
    tag             text,
    digest          text,
    image_digest    text,
    force           boolean     NOT NULL DEFAULT false,
    requested_by    text,
    correlation_id  text,
    engine          text,
    reused          boolean,
    package_count   integer,
    severities      jsonb,
    sbom            text,
    failure_reason  text,
    failure_message text,
    attempts        integer     NOT NULL DEFAULT 0,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX scan_image ON scan (image_digest);
CREATE INDEX scan_requested_at ON scan (requested_at);

-- An image's inventory in order, each package with the layer it came from, so a vulnerability-data update
-- re-matches without pulling the image again. Layers shared with other images are analysed once (layer_analysis);
-- this table is the per-image result.
CREATE TABLE image_package (
    image_digest   text    NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    ordinal        integer NOT NULL,
    layer_digest   text,
    type           text    NOT NULL,
    name           text    NOT NULL,
    version        text    NOT NULL,
    purl           text    NOT NULL,
    path           text    NOT NULL,
    source_name    text,
    source_version text,
    PRIMARY KEY (image_digest, ordinal)
);
CREATE INDEX image_package_purl ON image_package (purl);

-- Findings are per image: the same vulnerability in two images is two findings, each with its own history.
-- Natural key: (image, vulnerability, package purl, path): two copies of a jar at two paths are two findings.
-- resolved_at: set when a later match no longer reports the finding, cleared if it comes back; open findings
-- have it NULL. first_seen never moves; last_seen is the last match that reported it.
CREATE TABLE finding (
    image_digest      text         NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    vulnerability_id  text         NOT NULL,
    package_purl      text         NOT NULL,
    package_path      text         NOT NULL,
    package_type      text         NOT NULL,
    package_name      text         NOT NULL,
    package_version   text         NOT NULL,
    layer_digest      text,
    aliases           text[]       NOT NULL,
    fixed_versions    text[]       NOT NULL,
    fix_state         text         NOT NULL CHECK (fix_state IN ('fixed', 'not_fixed')),
    severity          text         NOT NULL,
    score             numeric(3, 1),
    vector            text,
    advisory_modified timestamptz,
    first_seen        timestamptz  NOT NULL DEFAULT now(),
    last_seen         timestamptz  NOT NULL DEFAULT now(),
    resolved_at       timestamptz,
    PRIMARY KEY (image_digest, vulnerability_id, package_purl, package_path)
);
CREATE INDEX finding_vulnerability ON finding (vulnerability_id);
CREATE INDEX finding_aliases ON finding USING gin (aliases);
