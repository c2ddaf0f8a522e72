-- The matcher's projection of each advisory onto each package it names (engine AdvisoryStore.candidates): the
-- advisory's affected[] entries for that (ecosystem, name), as the JSON array OsvJson.writeAffected writes. The
-- matcher decides affectedness on these alone and reads whole records only for the advisories that matched, so a
-- lookup no longer converts and parses every candidate's whole record (docs/benchmarks.md, "Advisories").
-- bytea, not jsonb: the bytes go out as they came in, with no jsonb-to-text conversion on the hot path.
ALTER TABLE advisory_package ADD COLUMN affected bytea;

-- Withdrawn advisories never match, so they get no package rows any more (import writes none for them); the
-- advisory row itself stays, so that an older live copy still cannot come back.
DELETE FROM advisory_package p USING advisory a WHERE a.id = p.advisory_id AND a.withdrawn IS NOT NULL;

-- Rows imported before this migration: the projection from the stored record, entries in record order. The names
-- compare as the import's PackageKey.of spells them (PEP 503 for PyPI: lower case, runs of - _ . as one -).
UPDATE advisory_package p
   SET affected = convert_to((
       SELECT jsonb_agg(e.entry ORDER BY e.position)::text
         FROM advisory a, jsonb_array_elements(a.record -> 'affected') WITH ORDINALITY AS e(entry, position)
        WHERE a.id = p.advisory_id
          AND e.entry -> 'package' ->> 'ecosystem' = p.ecosystem
          AND CASE WHEN p.ecosystem = 'PyPI'
                   THEN regexp_replace(lower(e.entry -> 'package' ->> 'name'), '[-_.]+', '-', 'g')
                   ELSE e.entry -> 'package' ->> 'name' END = p.name), 'UTF8');

ALTER TABLE advisory_package ALTER COLUMN affected SET NOT NULL;
