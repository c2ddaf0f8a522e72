package dev.pharos.engine.layer;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ScanBudgetTest {
    private static final ScanLimits LIMITS = new ScanLimits(1024, 1024, 3, 100, 2, 10, 1, Duration.ofMinutes(1));

    @Test
    void bytesAndFilesAreSharedAcrossLayersAndTheMessageNamesLimitValueAndPlace() {
        ScanBudget budget = ScanBudget.start(LIMITS);
        budget.addUncompressed(60, "layer sha256:a");
        budget.addFile("layer sha256:a");
        budget.addFile("layer sha256:b");

        assertThatThrownBy(() -> budget.addUncompressed(41, "layer sha256:b"))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).isEqualTo("scan limit maxUncompressedBytes (100) exceeded: layers"
                            + " decompress to more bytes, stopped in layer sha256:b");
                });
        assertThatThrownBy(() -> budget.addFile("layer sha256:c")).hasMessageContaining("maxFiles (2)");
    }

    @Test
    void theLayerCountIsCheckedAgainstTheLimit() {
        assertThatNoException().isThrownBy(() -> ScanBudget.checkLayerCount(LIMITS, 3, "img"));
        assertThatThrownBy(() -> ScanBudget.checkLayerCount(LIMITS, 4, "img"))
                .hasMessage("scan limit maxLayers (3) exceeded: img has 4 layers");
    }
}
