package dev.pharos.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Intake configuration. Each webhook endpoint is named ({@code POST /webhooks/<name>}), reads one sender format and
 * has its own credentials, so that one leaked token does not open every door.
 */
@ConfigMapping(prefix = "pharos.intake")
public interface IntakeConfig {

    Map<String, Endpoint> endpoints();

    /** Deliveries larger than this are refused with 413 before they are parsed. */
    @WithDefault("1048576")
    int maxPayloadBytes();

    /** The CloudEvents {@code source} of emitted events; the endpoint name is appended. */
    @WithDefault("/pharos/intake")
    URI eventSource();

    Dedupe dedupe();

    interface Endpoint {
        /** The sender format: distribution, harbor, dockerhub, quay, ghcr, gcr or ecr. */
        String kind();

        /**
         * Accepted as {@code Authorization: Bearer <token>}, as the whole {@code Authorization} value (Harbor sends
         * its configured header verbatim), or as a {@code token} query parameter for senders that cannot set headers
         * (Docker Hub, Quay, Pub/Sub push URLs).
         */
        Optional<String> bearerToken();

        /** HMAC-SHA256 secret; the body must carry a matching {@code X-Hub-Signature-256: sha256=<hex>}. */
        Optional<String> hmacSecret();

        /** Must be set explicitly to run an endpoint without credentials (local development only). */
        @WithDefault("false")
        boolean allowUnauthenticated();

        /** Registry host to report when the sender names none (Docker Hub: docker.io, self-hosted Quay). */
        Optional<String> registry();
    }

    interface Dedupe {
        /** How long a sender-identified delivery is remembered. */
        @WithDefault("7d")
        Duration retention();

        /**
         * How long a delivery without a sender id (Quay) is remembered by its content: short, because a later push of
         * the same tag looks identical.
         */
        @WithDefault("10m")
        Duration contentWindow();

        /** How long an in-progress claim of another delivery is honoured before it is taken over. */
        @WithDefault("1m")
        Duration lease();

        @WithDefault("1h")
        Duration purgeInterval();
    }
}
