package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.sbom.CycloneDxWriter;
import dev.pharos.engine.vuln.Finding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matching by Grype: the {@code grype} executable reads our CycloneDX SBOM on its standard input and writes its
 * JSON report. Grype's documented way to scan a piped SBOM is {@code cat sbom.json | grype}: with no target argument
 * and input on a pipe it reads an SBOM (Syft, SPDX or CycloneDX) from standard input, so no file is written.
 *
 * <p>The command is {@code grype -o json --quiet}: JSON on standard output, no progress or log lines. Grype keeps
 * its own database: its {@code GRYPE_*} settings ({@code GRYPE_DB_CACHE_DIR}, {@code GRYPE_DB_AUTO_UPDATE}...) are
 * passed on; the rest of our environment, which holds our secrets, is not.
 */
public final class GrypeEngine implements ScanEngine {
    public static final String NAME = "grype";
    static final List<String> ARGUMENTS = List.of("-o", "json", "--quiet");
    /** What a tool needs to run and reach its database download through a proxy; nothing of ours. */
    private static final Set<String> PASSED_ON = Set.of("PATH", "HOME", "TMPDIR", "LANG", "HTTPS_PROXY",
            "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR");

    /**
     * @param executable     the grype executable
     * @param timeout        for the whole run; grype is killed with its children past it
     * @param maxOutputBytes bound on the JSON report
     */
    public record Config(Path executable, Duration timeout, long maxOutputBytes) {
        public Config {
            if (executable == null || timeout.isNegative() || timeout.isZero() || maxOutputBytes <= 0) {
                throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                        NAME + ": an executable, a positive timeout and a positive output limit are required");
            }
        }
    }

    private final Config config;
    private final CycloneDxWriter sbom;
    private final ObjectMapper json = new ObjectMapper();

    public GrypeEngine(Config config, CycloneDxWriter sbom) {
        this.config = config;
        this.sbom = sbom;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> scan(Inventory inventory) {
        List<String> command = new ArrayList<>();
        command.add(config.executable().toString());
        command.addAll(ARGUMENTS);
        BoundedProcess.Outcome outcome = new BoundedProcess(NAME, config.timeout(), config.maxOutputBytes())
                .run(command, environment(System.getenv()), sbom.write(inventory));
        if (outcome.exitCode() != 0) {
            // Grype exits non-zero on its own failures (database download or validation, unreadable input), not on
            // findings unless --fail-on is given, which we never pass. Most are a database not ready yet.
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, NAME, "grype exited with " + outcome.exitCode()
                    + ": " + EngineFailure.tail(outcome.stderrTail()));
        }
        return GrypeReport.findings(outcome.stdout(), new PackageLookup(inventory), json, NAME);
    }

    /** The environment grype runs with, from ours: see the class comment. Update checks are off: no phoning home. */
    static Map<String, String> environment(Map<String, String> ours) {
        Map<String, String> environment = new LinkedHashMap<>();
        ours.forEach((name, value) -> {
            if (PASSED_ON.contains(name) || name.startsWith("GRYPE_")) {
                environment.put(name, value);
            }
        });
        environment.put("GRYPE_CHECK_FOR_APP_UPDATE", "false");
        return environment;
    }
}
