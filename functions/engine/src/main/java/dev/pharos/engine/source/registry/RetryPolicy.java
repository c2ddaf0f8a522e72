package dev.pharos.engine.source.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a registry request is retried on 429, 5xx and connection errors: exponential backoff
 * with full jitter (each wait is uniform in [0, min(maxDelay, initialDelay * 2^attempt)]), a {@code Retry-After}
 * from the registry (RFC 9110 section 10.2.3) taking precedence but capped at {@code maxDelay}.
 *
 * @param maxAttempts total attempts, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** The wait before retry number {@code retry} (1-based). */
    Duration backoff(int retry) {
        long cap = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(retry - 1, 20));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /** The registry's requested wait, bounded by {@code maxDelay} so a hostile server cannot park us. */
    Duration honour(Duration retryAfter) {
        return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }
}
