package dev.pharos.harness.broker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Knative resources of a directory of YAML files ({@code eventing/}, {@code knative/}), read into the fabric8
 * Knative model: one file may hold several documents ({@code ---}). A kind this class does not know is an error, so a
 * typo in {@code kind:} or {@code apiVersion:} cannot make a resource silently disappear from the checks.
 */
public record KnativeManifests(List<Path> files, List<HasMetadata> resources) {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            // Fields the model does not declare land in additionalProperties; an unknown one must not fail a load.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "eventing.knative.dev/v1/Broker", Broker.class,
            "eventing.knative.dev/v1/Trigger", Trigger.class,
            "sources.knative.dev/v1/SinkBinding", SinkBinding.class,
            "sources.knative.dev/v1/PingSource", PingSource.class,
            "serving.knative.dev/v1/Service", Service.class);

    public KnativeManifests {
        files = List.copyOf(files);
        resources = List.copyOf(resources);
    }

    /** Every {@code *.yaml} / {@code *.yml} file directly in each directory. */
    public static KnativeManifests load(Path... directories) {
        List<Path> files = new ArrayList<>();
        List<HasMetadata> resources = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> list = Files.list(directory)) {
                for (Path file : list.filter(KnativeManifests::isYaml).sorted().toList()) {
                    files.add(file);
                    resources.addAll(read(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        return new KnativeManifests(files, resources);
    }

    /** The documents of one YAML file, each as its Knative model class. */
    public static List<HasMetadata> read(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    throw new IllegalArgumentException(file + ": unsupported resource " + kind + " (known: "
                            + KINDS.keySet() + ")");
                }
                resources.add(YAML.treeToValue(document, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return resources;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
