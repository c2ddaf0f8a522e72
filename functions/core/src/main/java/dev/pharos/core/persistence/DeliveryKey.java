package dev.pharos.core.persistence;

import java.time.Duration;
import java.util.Objects;

/** A delivery's deduplication key and how long it is remembered. */
public record DeliveryKey(String value, Duration ttl) {
    public DeliveryKey {
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
    }
}
