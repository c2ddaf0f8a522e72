package dev.pharos.harness.broker;

import io.fabric8.knative.duck.v1.DeliverySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPolicyTest {

    @Test
    void exponentialDoublesFromTwiceTheDelayAndLinearGrowsByTheDelay() {
        DeliveryPolicy exponential = policy("exponential", "PT1S", null);
        DeliveryPolicy linear = policy("linear", "PT2.5S", null);

        assertThat(exponential.backoffBefore(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(exponential.backoffBefore(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(linear.backoffBefore(1)).isEqualTo(Duration.ofMillis(2500));
        assertThat(linear.backoffBefore(2)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryAfterCountsOnlyFor429And503WithRetryAfterMaxAndIsCappedByIt() {
        DeliveryPolicy capped = policy("linear", "PT1S", "PT10S");
        Optional<Duration> asked = Optional.of(Duration.ofSeconds(30));

        assertThat(capped.waitBefore(1, 429, asked)).isEqualTo(Duration.ofSeconds(10));
        assertThat(capped.waitBefore(1, 503, Optional.of(Duration.ofMillis(10)))).as("backoff is larger")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(capped.waitBefore(1, 500, asked)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy("linear", "PT1S", null).waitBefore(1, 429, asked)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy("linear", "PT1S", "PT0S").waitBefore(1, 429, asked)).as("PT0S opts out")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void knativesRetryableStatuses() {
        assertThat(List.of(404, 408, 409, 429, 500, 503, 599)).allMatch(DeliveryPolicy::retryable);
        assertThat(List.of(400, 401, 403, 406, 413, 422, 302)).noneMatch(DeliveryPolicy::retryable);
    }

    @Test
    void aMissingSpecMeansNoRetriesAndABadOneIsRefused() {
        assertThat(DeliveryPolicy.of(null)).isEqualTo(DeliveryPolicy.NONE);
        assertThatThrownBy(() -> policy("fibonacci", "PT1S", null)).hasMessageContaining("fibonacci");
        assertThatThrownBy(() -> policy("linear", "1 second", null)).hasMessageContaining("ISO-8601");
    }

    private static DeliveryPolicy policy(String backoff, String delay, String retryAfterMax) {
        DeliverySpec spec = new DeliverySpec();
        spec.setRetry(3);
        spec.setBackoffPolicy(backoff);
        spec.setBackoffDelay(delay);
        spec.setRetryAfterMax(retryAfterMax);
        return DeliveryPolicy.of(spec);
    }
}
