package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.harness.OciImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-only registry over an OCI layout: what a puller sees, and distribution's errors for what is not there. */
class LayoutRegistryTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheLayoutsManifestByTagAndDigestAndItsBlobs(@TempDir Path layout) throws Exception {
        String digest = OciImageBuilder.image().layer(Map.of("etc/hostname", "x\n".getBytes(StandardCharsets.UTF_8)))
                .tag("1.0").writeTo(layout);
        byte[] manifest = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
        String config = new ObjectMapper().readTree(manifest).path("config").path("digest").asText();

        try (LayoutRegistry registry = LayoutRegistry.serve(layout, "team/app")) {
            String base = "http://" + registry.reference("1.0").substring(0, registry.reference("1.0").indexOf('/'));
            HttpResponse<byte[]> byTag = get(base + "/v2/team/app/manifests/1.0");
            assertThat(byTag.statusCode()).isEqualTo(200);
            assertThat(byTag.body()).isEqualTo(manifest);
            assertThat(byTag.headers().firstValue("Docker-Content-Digest")).contains(digest);
            assertThat(byTag.headers().firstValue("Content-Type")).contains(OciImageBuilder.MANIFEST_TYPE);
            assertThat(get(base + "/v2/team/app/manifests/" + digest).body()).isEqualTo(manifest);
            assertThat(get(base + "/v2/team/app/blobs/" + config).statusCode()).isEqualTo(200);

            assertThat(get(base + "/v2/other/app/manifests/1.0").statusCode()).isEqualTo(404);
            HttpResponse<byte[]> unknownTag = get(base + "/v2/team/app/manifests/2.0");
            assertThat(unknownTag.statusCode()).isEqualTo(404);
            assertThat(new String(unknownTag.body(), StandardCharsets.UTF_8)).contains("MANIFEST_UNKNOWN");
            assertThat(get(base + "/v2/team/app/blobs/sha256:..").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<byte[]> get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
