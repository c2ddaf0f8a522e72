-- Each advisory's affected[] entries are stored once: in its advisory_package rows (the `affected` column of V7),
-- no longer also inside advisory.record. Writing them twice made the import about 30 % more expensive in
-- PostgreSQL (docs/benchmarks.md, "Advisories"). advisory.record keeps the rest of the OSV record (id, modified,
-- published, withdrawn, aliases, upstream, summary, severity): what the matcher's findings and the api's
-- vulnerability view read. OSV makes affected[] optional, so the records stay valid OSV.
-- Withdrawn advisories have no package rows (V7): their entries are dropped with nothing to keep them, since a
-- withdrawn advisory never matches and nothing shows its ranges.
UPDATE advisory SET record = record - 'affected' WHERE record ? 'affected';
