package dev.pharos.harness.manifests;

import dev.pharos.harness.Peers;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every YAML of {@code eventing/} and {@code knative/} parsed with the fabric8 Knative model and checked by
 * {@link ManifestCheck}; a consistent and a broken fixture prove each rule both passes and fails.
 */
class EventingManifestsTest {
    @Test
    void theRepositorysManifestsAreConsistent() {
        Path root = Peers.repoRoot();

        List<String> problems = ManifestCheck.problems(root);

        assertThat(problems).isEmpty();
    }

    @Test
    void aConsistentFixtureHasNoProblems() {
        assertThat(ManifestCheck.problems(fixture("good"))).isEmpty();
    }

    @Test
    void everyRuleReportsItsBreakage() {
        // The broken manifests with the consistent fixture's function modules: only the manifests are wrong.
        assertThat(ManifestCheck.problems(fixture("broken"), fixture("good"))).containsExactlyInAnyOrder(
                "Trigger t-broker: broker nope is not defined in eventing/",
                "Trigger t-type: type dev.pharos.image.pushd.v1 is not in EventTypes.all()",
                "Trigger t-notype: filters on no event type",
                "Trigger t-uri subscriber: no ref to a Knative Service",
                "Broker pharos dead-letter sink: Service pharos-ghost is not defined in knative/",
                "SinkBinding pharos-scanner: sink is not a Broker defined in eventing/",
                "event type dev.pharos.vulndb.updated.v1 has no Trigger and is not listed under Terminal events in"
                        + " eventing/README.md",
                "event type dev.pharos.scan.failed.v1 has no Trigger and is not listed under Terminal events in"
                        + " eventing/README.md",
                "event type dev.pharos.image.pushed.v1 is listed as terminal but a Trigger consumes it",
                "Service pharos-scanner: min-scale 1 does not scale to zero",
                "Service pharos-scanner: sets PHAROS_SCANNER_TYPO, which functions/scanner never reads",
                "Service pharos-scanner: sets PHAROS_SCANNER_REGISTRIES_HUB_TOKEN, which functions/scanner never reads",
                "Service pharos-scanner: containerConcurrency 4 != pharos.scanner.max-concurrent-scans 2",
                "Service pharos-scanner: timeoutSeconds 300 is not above the scan timeout PT5M",
                "Trigger t-scan: delivery timeout PT4M is below the scan timeout PT5M",
                "Service pharos-other: no containerConcurrency",
                "Service pharos-other: no timeoutSeconds",
                "Service pharos-other: no function module functions/other");
    }

    @Test
    void aFunctionReadsItsPlaceholdersAndItsMappedPropertiesInEnvironmentForm() {
        FunctionConfig intake = FunctionConfig.of(Peers.repoRoot(), "intake");

        assertThat(intake.reads("PHAROS_DB_HOST")).isTrue();
        assertThat(intake.reads("PHAROS_INTAKE_ENDPOINTS_REGISTRY_BEARER_TOKEN")).as("map key segment").isTrue();
        assertThat(intake.reads("PHAROS_INTAKE_DEDUPE_CONTENT_WINDOW")).as("nested group").isTrue();
        assertThat(intake.reads("PHAROS_EVENTS_TIMEOUT")).as("a library's mapping (core)").isTrue();
        assertThat(intake.reads("PHAROS_INTAKE_ENDPOINTS_KIND")).as("the map key is missing").isFalse();
        assertThat(intake.reads("PHAROS_INTAKE_DEDUPE")).isFalse();
        assertThat(intake.defaultOf("pharos.intake.max-payload-bytes")).contains("1048576");
        FunctionConfig scanner = FunctionConfig.of(fixture("good"), "scanner");
        assertThat(scanner.reads("PHAROS_SCANNER_REGISTRIES_HUB_USER")).as("@WithName").isTrue();
        assertThat(scanner.reads("PHAROS_SCANNER_REGISTRIES_HUB_USERNAME")).isFalse();
        assertThat(scanner.reads("PHAROS_SCANNER_BUSY")).as("default methods are not properties").isFalse();
    }

    @Test
    void durationsAreReadAsSmallRyeReadsThem() {
        assertThat(ManifestCheck.quarkusDuration("5m")).hasMinutes(5);
        assertThat(ManifestCheck.quarkusDuration("PT6M")).hasMinutes(6);
        assertThat(ManifestCheck.quarkusDuration("90")).hasSeconds(90);
        assertThat(ManifestCheck.quarkusDuration("250ms")).hasMillis(250);
    }

    private static Path fixture(String name) {
        try {
            return Path.of(EventingManifestsTest.class.getResource("/manifest-check/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
