package dev.pharos.harness.local;

import dev.pharos.harness.TestPostgres;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The functions of Pharos on one machine: an embedded PostgreSQL (or PHAROS_TEST_DB_URL), and each function as its
 * own process configured like Knative would, emitting to a given broker address. Intake serves one endpoint,
 * {@value #ENDPOINT}, for a distribution registry, with a fresh bearer token.
 */
public final class LocalPlatform implements AutoCloseable {
    public static final String ENDPOINT = "local";

    private final String token;
    private final FunctionProcess intake;

    private LocalPlatform(String token, FunctionProcess intake) {
        this.token = token;
        this.intake = intake;
    }

    public static LocalPlatform start(URI broker, List<String> jvmOptions) {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("pharos");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Map<String, String> environment = Map.of(
                "K_SINK", broker.toString(),
                "PHAROS_DB_HOST", postgres.host(),
                "PHAROS_DB_PORT", String.valueOf(postgres.port()),
                "PHAROS_DB_NAME", database,
                "PHAROS_DB_USER", postgres.user(),
                "PHAROS_DB_PASSWORD", postgres.password(),
                "PHAROS_INTAKE_ENDPOINTS_" + ENDPOINT.toUpperCase() + "_KIND", "distribution",
                "PHAROS_INTAKE_ENDPOINTS_" + ENDPOINT.toUpperCase() + "_BEARER_TOKEN", token);
        return new LocalPlatform(token, FunctionProcess.start("intake", environment, jvmOptions));
    }

    public URI webhook() {
        return intake.baseUri().resolve("/webhooks/" + ENDPOINT);
    }

    public URI intakeBase() {
        return intake.baseUri();
    }

    public String token() {
        return token;
    }

    public FunctionProcess intake() {
        return intake;
    }

    @Override
    public void close() {
        intake.close();
    }
}
