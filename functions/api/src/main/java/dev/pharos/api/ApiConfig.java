package dev.pharos.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** API configuration ({@code pharos.api.*}). */
@ConfigMapping(prefix = "pharos.api")
public interface ApiConfig {

    /** The CloudEvents {@code source} of the events the API emits. */
    @WithDefault("/pharos/api")
    URI eventSource();

    /** Upper bound of {@code ?wait=} on {@code POST /api/v1/scans}; longer waits are cut to it. */
    @WithDefault("60s")
    Duration maxWait();

    /** How often a synchronous scan request reads its scan row again. */
    @WithDefault("250ms")
    Duration pollInterval();

    /**
     * Request bodies declaring a larger {@code Content-Length} are refused with 413 before they are read, except the
     * advisory upload, which has its own bound ({@link Vulndb#maxUploadBytes()}).
     */
    @WithDefault("4194304")
    long maxBodyBytes();

    /**
     * Bearer token for the admin endpoints ({@code POST /api/v1/vulndb/import}); without it they answer 404, as if
     * they did not exist.
     */
    Optional<String> adminToken();

    Vulndb vulndb();

    interface Vulndb {
        /** An uploaded {@code all.zip} larger than this is refused with 413. */
        @WithDefault("268435456")
        long maxUploadBytes();

        /** {@code {"path": ...}} imports read only below this directory; unset: path imports are refused. */
        Optional<Path> importRoot();

        /**
         * {@code {"url": ...}} imports fetch only URLs starting with one of these prefixes (scheme, host and path,
         * e.g. {@code https://mirror.example.com/osv/}); unset: URL imports are refused. The URL is chosen by the
         * caller, so the list is what keeps an admin token from reaching internal addresses.
         */
        Optional<List<String>> allowedUrlPrefixes();

        /** Bound on one advisory store statement. */
        @WithDefault("120s")
        Duration statementTimeout();
    }
}
