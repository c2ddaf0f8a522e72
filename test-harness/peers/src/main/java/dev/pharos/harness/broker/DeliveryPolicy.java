package dev.pharos.harness.broker;

import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A Knative {@code delivery} spec (duck/v1 DeliverySpec) as the local broker applies it.
 * <ul>
 *   <li>{@code retry}: retries after the first attempt (so at most {@code retry + 1} attempts); absent means none.</li>
 *   <li>{@code backoffPolicy} / {@code backoffDelay}: before retry {@code n} (1-based) wait {@code delay * 2^n}
 *       (exponential) or {@code delay * n} (linear), Knative's {@code RetryConfigFromDeliverySpec}; without a delay
 *       retries follow at once.</li>
 *   <li>{@code timeout}: per attempt (Knative's "delivery-timeout" feature); absent means no limit.</li>
 *   <li>{@code retryAfterMax}: only when present, a {@code Retry-After} header on 429 and 503 is honoured, capped by
 *       it, and the larger of it and the backoff is waited (Knative's "delivery-retryafter" feature); {@code PT0S}
 *       disables it as in Knative.</li>
 * </ul>
 */
public record DeliveryPolicy(int retry, Backoff backoff, Duration backoffDelay, Optional<Duration> timeout,
                             Optional<Duration> retryAfterMax, Optional<Destination> deadLetterSink) {

    public enum Backoff { EXPONENTIAL, LINEAR }

    public static final DeliveryPolicy NONE = new DeliveryPolicy(0, Backoff.EXPONENTIAL, Duration.ZERO,
            Optional.empty(), Optional.empty(), Optional.empty());

    /** The policy of a spec, or {@link #NONE} for a missing one. */
    public static DeliveryPolicy of(DeliverySpec spec) {
        if (spec == null) {
            return NONE;
        }
        Backoff backoff = spec.getBackoffPolicy() == null ? Backoff.EXPONENTIAL
                : switch (spec.getBackoffPolicy()) {
                    case "exponential" -> Backoff.EXPONENTIAL;
                    case "linear" -> Backoff.LINEAR;
                    default -> throw new IllegalArgumentException("backoffPolicy must be exponential or linear, not "
                            + spec.getBackoffPolicy());
                };
        return new DeliveryPolicy(spec.getRetry() == null ? 0 : spec.getRetry(), backoff,
                duration(spec.getBackoffDelay()).orElse(Duration.ZERO), duration(spec.getTimeout()),
                duration(spec.getRetryAfterMax()), Optional.ofNullable(spec.getDeadLetterSink()));
    }

    /** The wait before retry {@code n} (1-based) from the policy alone. */
    public Duration backoffBefore(int n) {
        return switch (backoff) {
            case EXPONENTIAL -> backoffDelay.multipliedBy(1L << Math.min(n, 30));
            case LINEAR -> backoffDelay.multipliedBy(n);
        };
    }

    /**
     * The wait before retry {@code n} after a response with {@code status} and {@code retryAfter} (the parsed
     * header, if any).
     */
    public Duration waitBefore(int n, int status, Optional<Duration> retryAfter) {
        Duration policy = backoffBefore(n);
        if (retryAfterMax.isEmpty() || retryAfter.isEmpty() || (status != 429 && status != 503)) {
            return policy;
        }
        Duration asked = retryAfter.get().compareTo(retryAfterMax.get()) > 0 ? retryAfterMax.get() : retryAfter.get();
        return asked.compareTo(policy) > 0 ? asked : policy;
    }

    /**
     * Knative's retryable statuses (kncloudevents {@code SelectiveRetry}): 404 (a new Service's route may not be ready),
     * 408, 409, 429 and every 5xx. Anything else that is not 2xx fails at once.
     */
    public static boolean retryable(int status) {
        return status == 404 || status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** ISO-8601 durations as Knative writes them ({@code PT1S}, {@code PT6M}, {@code P1D}). */
    static Optional<Duration> duration(String iso) {
        if (iso == null || iso.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(iso));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 duration: " + iso, e);
        }
    }
}
