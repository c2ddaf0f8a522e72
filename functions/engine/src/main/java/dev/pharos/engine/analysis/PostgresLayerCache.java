package dev.pharos.engine.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.pharos.core.error.PharosException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LayerCache} in PostgreSQL ({@code layer_analysis}, migration V2). One round trip loads every analyser's
 * rows for all of an image's layers; rows are immutable, so storing is an insert that ignores duplicates.
 */
public final class PostgresLayerCache implements LayerCache {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();
    private static final String LOAD = """
            SELECT layer_digest, analyser, analyser_version, result FROM layer_analysis
             WHERE layer_digest = ANY($1)""";
    private static final String STORE = """
            INSERT INTO layer_analysis (layer_digest, analyser, analyser_version, result)
            SELECT $1, a, v, r FROM unnest($2::text[], $3::int[], $4::jsonb[]) AS t(a, v, r)
            ON CONFLICT DO NOTHING""";

    private final Pool pool;
    private final Duration timeout;

    public PostgresLayerCache(Pool pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public Map<String, CachedLayer> load(Collection<String> layerDigests, Map<String, Integer> catalogerVersions) {
        Map<String, Optional<LayerStructure>> structures = new HashMap<>();
        Map<String, Map<String, CatalogerLayerResult>> results = new HashMap<>();
        for (Row row : execute(LOAD, Tuple.of(layerDigests.toArray(String[]::new)))) {
            String digest = row.getString("layer_digest");
            String analyser = row.getString("analyser");
            int version = row.getInteger("analyser_version");
            String json = row.getJsonObject("result").encode();
            if (LayerStructure.ANALYSER.equals(analyser) && version == LayerStructure.VERSION) {
                structures.put(digest, Optional.of(read(json, LayerStructure.class)));
            } else if (Integer.valueOf(version).equals(catalogerVersions.get(analyser))) {
                results.computeIfAbsent(digest, ignored -> new HashMap<>())
                        .put(analyser, read(json, CatalogerLayerResult.class));
            }
        }
        Map<String, CachedLayer> cached = new HashMap<>();
        for (String digest : layerDigests) {
            cached.put(digest, new CachedLayer(structures.getOrDefault(digest, Optional.empty()),
                    results.getOrDefault(digest, Map.of())));
        }
        return cached;
    }

    @Override
    public void store(String layerDigest, LayerStructure structure, List<CatalogerLayerResult> fresh) {
        List<String> analysers = new ArrayList<>(List.of(LayerStructure.ANALYSER));
        List<Integer> versions = new ArrayList<>(List.of(LayerStructure.VERSION));
        List<Object> documents = new ArrayList<>(List.of(write(structure)));
        for (CatalogerLayerResult result : fresh) {
            analysers.add(result.cataloger());
            versions.add(result.version());
            documents.add(write(result));
        }
        execute(STORE, Tuple.of(layerDigest, analysers.toArray(String[]::new), versions.toArray(Integer[]::new),
                documents.toArray(JsonObject[]::new)));
    }

    private Iterable<Row> execute(String sql, Tuple arguments) {
        try {
            return pool.preparedQuery(sql).execute(arguments).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE,
                    "layer cache unavailable: " + e.getMessage(), e);
        }
    }

    private static JsonObject write(Object value) {
        try {
            return new JsonObject(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PharosException(PharosException.Kind.INTERNAL,
                    "cached layer result does not read back as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
