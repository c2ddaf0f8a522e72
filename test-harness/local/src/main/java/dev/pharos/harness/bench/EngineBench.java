package dev.pharos.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.TestPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogues a generated ~100 MB (compressed) image from an OCI layout and compares, in the same run:
 * <ul>
 *   <li>the decompression floor: {@code gzip -dc} of the same layer blobs, best of three;</li>
 *   <li>a cold scan (empty layer cache) of the base image, in a separate JVM ({@link EngineScan});</li>
 *   <li>then, in that JVM, an app image sharing the base layer (the base is a cache hit, the app layer is new) and
 *       a rescan of the app image (every layer a cache hit);</li>
 *   <li>that JVM's peak RSS.</li>
 * </ul>
 * Options: {@code --megabytes N} uncompressed size of the base layer (360, about 100 MB gzipped), {@code --heap} of the scanning JVM
 * ({@code 160m}).
 */
public final class EngineBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int megabytes = Integer.parseInt(option(options, "--megabytes", "360"));
        String heap = option(options, "--heap", "160m");
        Path work = Files.createTempDirectory("pharos-bench-engine-");
        Path layout = work.resolve("layout");
        System.out.printf("engine bench: %d cores, JDK %s, work dir %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), work);
        var base = BenchImage.base(megabytes);
        OciImageBuilder.image().layer(base).tag("base").writeTo(layout);
        OciImageBuilder.image().layer(base).layer(BenchImage.app()).tag("app").writeTo(layout);
        base = null; // the generator's memory is not the bench's business any more

        List<Path> baseLayers = layers(layout, "base");
        List<Path> appLayers = layers(layout, "app");
        long compressed = 0;
        for (Path blob : appLayers) {
            compressed += Files.size(blob);
        }
        System.out.printf("image: %d layers, %.1f MB compressed%n", appLayers.size(), compressed / 1e6);
        System.out.printf("floor: gzip -dc of the base layer: %.1f ms; of both app layers: %.1f ms%n",
                gunzipMillis(baseLayers), gunzipMillis(appLayers));

        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("bench");
        Flyway.configure().dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), EngineScan.class.getName(),
                layout.toString(), postgres.host(), String.valueOf(postgres.port()), database, postgres.user(),
                postgres.password(), "base", "app", "app"));
        Process scan = new ProcessBuilder(command).redirectErrorStream(true).start();
        scan.getInputStream().transferTo(System.out);
        if (scan.waitFor() != 0) {
            throw new IllegalStateException("the scanning JVM failed with exit code " + scan.exitValue());
        }
        System.out.println("(first 'app' scan: base layer from the cache, app layer analysed; second: all cached)");
    }

    /** Best of three {@code gzip -dc blob > /dev/null} over all blobs, in milliseconds. */
    private static double gunzipMillis(List<Path> blobs) throws IOException, InterruptedException {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            for (Path blob : blobs) {
                Process gzip = new ProcessBuilder("gzip", "-dc", blob.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (gzip.waitFor() != 0) {
                    throw new IllegalStateException("gzip -dc failed on " + blob);
                }
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }

    /** The layer blob files of the image tagged {@code tag} in the layout. */
    private static List<Path> layers(Path layout, String tag) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        for (JsonNode entry : index.path("manifests")) {
            if (tag.equals(entry.path("annotations").path(OciImageBuilder.REF_NAME).asText())) {
                JsonNode manifest = JSON.readTree(blob(layout, entry.path("digest").asText()).toFile());
                List<Path> layers = new ArrayList<>();
                manifest.path("layers").forEach(layer -> layers.add(blob(layout, layer.path("digest").asText())));
                return layers;
            }
        }
        throw new IllegalStateException("no image tagged " + tag + " in " + layout);
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.substring(0, digest.indexOf(':')))
                .resolve(digest.substring(digest.indexOf(':') + 1));
    }

    private static String option(List<String> options, String name, String fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
    }
}
