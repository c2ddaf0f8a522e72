package dev.pharos.engine.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Assertions shared by the per-ecosystem table tests. */
final class VersionTable {
    private VersionTable() {
    }

    /** One table row: {@code a op b} with op one of {@code < = >}, checked both ways round. */
    static void row(VersionScheme scheme, String a, String op, String b) {
        int expected = switch (op) {
            case "<" -> -1;
            case "=" -> 0;
            case ">" -> 1;
            default -> throw new IllegalArgumentException("bad operator " + op);
        };
        assertThat(Integer.signum(scheme.compare(a, b))).as("%s: %s %s %s", scheme.name(), a, op, b)
                .isEqualTo(expected);
        assertThat(Integer.signum(scheme.compare(b, a))).as("%s: %s reversed %s %s", scheme.name(), b, op, a)
                .isEqualTo(-expected);
    }

    /** Sorting a shuffled copy of {@code ascending} gives it back: the rows are consistent as a whole. */
    static void sorts(VersionScheme scheme, String... ascending) {
        List<String> shuffled = new ArrayList<>(List.of(ascending));
        Collections.shuffle(shuffled, new Random(42));
        shuffled.sort(scheme::compare);
        assertThat(shuffled).containsExactly(ascending);
    }

    /** An invalid version is refused on either side, with a message naming the scheme and the version. */
    static void invalid(VersionScheme scheme, String version, String valid) {
        assertThatThrownBy(() -> scheme.compare(version, valid)).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining(scheme.name()).hasMessageContaining("\"" + version + "\"");
        assertThatThrownBy(() -> scheme.compare(valid, version)).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining(scheme.name());
    }
}
