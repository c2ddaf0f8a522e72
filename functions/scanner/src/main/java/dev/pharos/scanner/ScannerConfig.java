package dev.pharos.scanner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Scanner configuration ({@code pharos.scanner.*}). The registry, limits and platform of pulls are the engine's
 * ({@code pharos.engine.*}); {@link #scanTimeout()} replaces the engine's {@code max-wall-time}.
 */
@ConfigMapping(prefix = "pharos.scanner")
public interface ScannerConfig {
    /**
     * Scans one instance runs at once; further deliveries are answered 429 so the broker retries them later (and
     * the autoscaler sees the load) instead of queueing them in memory. Knative's {@code containerConcurrency}
     * should equal it.
     */
    @WithDefault("4")
    int maxConcurrentScans();

    /** Bounds one scan, pull to persisted findings; the Trigger's delivery timeout must be longer. */
    @WithDefault("5m")
    Duration scanTimeout();

    /** The CloudEvents {@code source} of emitted events. */
    @WithDefault("/pharos/scanner")
    URI eventSource();

    /** One database round trip. */
    @WithDefault("30s")
    Duration databaseTimeout();

    /** {@code native} (default), {@code trivy-server} or {@code grype}. */
    @WithDefault("native")
    String engine();

    Trivy trivy();

    Grype grype();

    Sbom sbom();

    Rematch rematch();

    interface Trivy {
        Optional<URI> server();

        Optional<String> token();

        @WithDefault("2m")
        Duration timeout();

        @WithDefault("67108864")
        long maxRequestBytes();

        @WithDefault("268435456")
        long maxResponseBytes();
    }

    interface Grype {
        @WithDefault("grype")
        Path executable();

        @WithDefault("3m")
        Duration timeout();

        @WithDefault("268435456")
        long maxOutputBytes();
    }

    interface Sbom {
        /** {@code local} (a directory; embedded and development use) or {@code s3}. */
        @WithDefault("local")
        String store();

        @WithDefault("${java.io.tmpdir}/pharos-sboms")
        Path directory();

        S3 s3();
    }

    interface S3 {
        Optional<String> bucket();

        /** Key prefix; SBOMs are stored at {@code <prefix><algorithm>/<hex>.cdx.json}. */
        @WithDefault("sboms/")
        String prefix();

        @WithDefault("us-east-1")
        String region();

        /** An S3-compatible endpoint (MinIO, moto); empty: AWS. */
        Optional<URI> endpoint();

        /** Path-style addressing, which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();
    }

    interface Rematch {
        /** Images re-matched per delivery of vulndb.updated; the rest are handed to a continuation event. */
        @WithDefault("200")
        int batchSize();

        /** A delivery stops taking new images after this long, well inside the Trigger's delivery timeout. */
        @WithDefault("2m")
        Duration timeBudget();
    }
}
