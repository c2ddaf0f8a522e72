package dev.pharos.engine.vuln.osv;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {

    /** The general parser the hand-written path stands in for. */
    private static Instant reference(String text) {
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void formatsLikeInstantToStringAndReadsBackEqual() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
            String text = Rfc3339.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            if (instant.atOffset(java.time.ZoneOffset.UTC).getYear() >= 0
                    && instant.atOffset(java.time.ZoneOffset.UTC).getYear() <= 9999) {
                assertThat(Rfc3339.parse(text)).isEqualTo(instant).isEqualTo(reference(text));
            }
        }
    }

    @Test
    void readsTheFormsOsvUsesLikeTheGeneralParser() {
        for (String text : List.of("2021-12-10T00:00:00Z", "2021-12-10t23:59:59z", "2021-12-10T00:00:00.1Z",
                "2021-12-10T00:00:00.123456789Z", "0000-01-01T00:00:00Z", "2024-02-29T12:00:00Z",
                "2021-12-10T01:00:00+01:00", "2021-12-10T00:00:00.5-02:30",
                "2021-12-10T00:00:00.Z")) {
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void rejectsWhatTheGeneralParserRejects() {
        for (String text : List.of("2021-02-29T00:00:00Z", "2021-12-10T24:00:00Z", "2021-12-10T00:00:60Z",
                "2021-13-10T00:00:00Z", "2021-12-10T00:00:00.1234567890Z",
                "2021-12-10 00:00:00Z", "2021-12-1aT00:00:00Z", "2021-12-10T00:00:00", "yesterday", "")) {
            assertThatThrownBy(() -> reference(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
