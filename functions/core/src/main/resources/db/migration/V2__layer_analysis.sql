-- What the scanning engine found in one layer, per analyser and its version, so an image that shares layers with
-- an already-scanned one analyses only its new layers. A layer digest names immutable content, so a row never
-- changes; raising an analyser's version makes its old rows unused (they are dropped by retention).
-- analyser: a cataloger's name, or 'layer' for the layer's own structure (whiteouts, opaque directories,
-- skipped hostile entries). result: that analyser's JSON (see the engine's LayerCache).
CREATE TABLE layer_analysis (
    layer_digest     text        NOT NULL,
    analyser         text        NOT NULL,
    analyser_version integer     NOT NULL,
    result           jsonb       NOT NULL,
    analysed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (layer_digest, analyser, analyser_version)
);
