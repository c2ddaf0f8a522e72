package dev.pharos.harness.broker;

import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnativeManifestsTest {

    @Test
    void readsEveryDocumentOfEveryYamlFileAsItsModelClass(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                metadata: {name: b}
                ---
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: {name: t}
                spec: {broker: b, filter: {attributes: {type: x}}}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        KnativeManifests manifests = KnativeManifests.load(dir);

        assertThat(manifests.all(Broker.class)).extracting(b -> b.getMetadata().getName()).containsExactly("b");
        assertThat(manifests.all(Trigger.class)).singleElement()
                .satisfies(t -> assertThat(t.getSpec().getFilter().getAttributes()).containsEntry("type", "x"));
        assertThat(manifests.files()).containsExactly(dir.resolve("a.yaml"));
    }

    @Test
    void anUnknownKindIsAnErrorNotASilentSkip(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typo.yaml"), "apiVersion: eventing.knative.dev/v1\nkind: Triger\nmetadata: {name: t}\n");

        assertThatThrownBy(() -> KnativeManifests.load(dir)).hasMessageContaining("eventing.knative.dev/v1/Triger");
    }
}
