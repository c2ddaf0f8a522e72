package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsedVersionsTest {
    @Test
    void aVersionIsParsedOnceAndTheMemoStaysBounded() {
        AtomicInteger parses = new AtomicInteger();
        ParsedVersions<Integer> versions = new ParsedVersions<>(v -> {
            parses.incrementAndGet();
            return Integer.parseInt(v);
        });
        assertThat(versions.get("7")).isEqualTo(7);
        assertThat(versions.get("7")).isEqualTo(7);
        assertThat(parses).hasValue(1);

        for (int i = 0; i < ParsedVersions.CAPACITY * 2; i++) {
            versions.get(Integer.toString(i));
        }
        assertThat(versions.size()).isLessThanOrEqualTo(ParsedVersions.CAPACITY);
    }

    @Test
    void anInvalidVersionThrowsEveryTimeAndIsNotRemembered() {
        ParsedVersions<Integer> versions = new ParsedVersions<>(v -> {
            throw new InvalidVersionException("test", v, "never valid");
        });
        assertThatThrownBy(() -> versions.get("x")).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> versions.get("x")).isInstanceOf(InvalidVersionException.class);
        assertThat(versions.size()).isZero();
    }
}
