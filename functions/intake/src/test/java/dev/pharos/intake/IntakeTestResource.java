package dev.pharos.intake;

import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Intake under test: a fresh database on the real test PostgreSQL, a capturing broker, and one endpoint per sender
 * kind with its own credential, as an operator would configure them.
 */
public class IntakeTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String REGISTRY_TOKEN = "registry-token-1";
    public static final String HARBOR_AUTH = "Basic aGFyYm9yOnNlY3JldA==";
    public static final String HUB_TOKEN = "hub-token-1";
    public static final String QUAY_TOKEN = "quay-token-1";
    public static final String GHCR_SECRET = "ghcr-hmac-secret";
    public static final String GCR_TOKEN = "gcr-token-1";
    public static final String ECR_TOKEN = "ecr-api-key-1";
    public static final String MIRROR_HOST = "hub-mirror.example.com";
    public static final int MAX_PAYLOAD = 64 * 1024;

    private static CapturingSink sink;

    public static CapturingSink sink() {
        return sink;
    }

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("intake");
        sink = CapturingSink.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url",
                "postgresql://" + postgres.host() + ":" + postgres.port() + "/" + database);
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("pharos.events.sink", sink.uri().toString());
        config.put("pharos.events.timeout", "2s");
        config.put("pharos.intake.max-payload-bytes", String.valueOf(MAX_PAYLOAD));
        endpoint(config, "registry", "distribution", "bearer-token", REGISTRY_TOKEN);
        endpoint(config, "harbor", "harbor", "bearer-token", HARBOR_AUTH);
        endpoint(config, "dockerhub", "dockerhub", "bearer-token", HUB_TOKEN);
        endpoint(config, "quay", "quay", "bearer-token", QUAY_TOKEN);
        endpoint(config, "ghcr", "ghcr", "hmac-secret", GHCR_SECRET);
        endpoint(config, "gcr", "gcr", "bearer-token", GCR_TOKEN);
        endpoint(config, "ecr", "ecr", "bearer-token", ECR_TOKEN);
        endpoint(config, "hub-mirror", "dockerhub", "bearer-token", HUB_TOKEN);
        config.put("pharos.intake.endpoints.hub-mirror.registry", MIRROR_HOST);
        return config;
    }

    private static void endpoint(Map<String, String> config, String name, String kind, String credential,
                                 String value) {
        config.put("pharos.intake.endpoints." + name + ".kind", kind);
        config.put("pharos.intake.endpoints." + name + "." + credential, value);
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
    }
}
