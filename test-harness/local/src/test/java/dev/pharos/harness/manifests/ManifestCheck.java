package dev.pharos.harness.manifests;

import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.broker.KnativeManifests;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The consistency rules between {@code eventing/}, {@code knative/}, the event contract and each function's
 * configuration, as a list of problems (empty: consistent). Applies to every Service and Trigger found, so manifests
 * added later are checked without changes here.
 */
final class ManifestCheck {
    static final String SCANNER = "pharos-scanner";
    static final String MAX_CONCURRENT_SCANS = "pharos.scanner.max-concurrent-scans";
    static final String SCAN_TIMEOUT = "pharos.scanner.scan-timeout";
    private static final String SERVING = "serving.knative.dev/";
    private static final Pattern TERMINAL = Pattern.compile("(?m)^- `([^`]+)`\\s*$");

    private final Path root;
    private final Path functions;
    private final KnativeManifests eventing;
    private final KnativeManifests knative;
    private final List<String> problems = new ArrayList<>();

    private ManifestCheck(Path root, Path functions) {
        this.root = root;
        this.functions = functions;
        this.eventing = KnativeManifests.load(root.resolve("eventing"));
        this.knative = KnativeManifests.load(root.resolve("knative"));
    }

    /** Every problem of the repository (or fixture) at {@code root}. */
    static List<String> problems(Path root) {
        return problems(root, root);
    }

    /** The problems of the manifests under {@code root} with the function modules under {@code functionsRoot}. */
    static List<String> problems(Path root, Path functionsRoot) {
        ManifestCheck check = new ManifestCheck(root, functionsRoot);
        check.triggers();
        check.references();
        check.eventTypesHaveAConsumerOrAreTerminal();
        check.knative.all(Service.class).forEach(check::service);
        return List.copyOf(check.problems);
    }

    private void triggers() {
        Set<String> brokers = names(eventing.all(Broker.class));
        for (Trigger trigger : eventing.all(Trigger.class)) {
            String name = "Trigger " + trigger.getMetadata().getName();
            if (!brokers.contains(trigger.getSpec().getBroker())) {
                problems.add(name + ": broker " + trigger.getSpec().getBroker() + " is not defined in eventing/");
            }
            String type = filterType(trigger);
            if (type == null) {
                problems.add(name + ": filters on no event type");
            } else if (!EventTypes.all().contains(type)) {
                problems.add(name + ": type " + type + " is not in EventTypes.all()");
            }
        }
    }

    /** Every Service a Trigger, a dead-letter sink or a SinkBinding names is defined in knative/. */
    private void references() {
        for (Trigger trigger : eventing.all(Trigger.class)) {
            String name = "Trigger " + trigger.getMetadata().getName();
            service(name + " subscriber", trigger.getSpec().getSubscriber());
            deadLetterSink(name, trigger.getSpec().getDelivery());
        }
        for (Broker broker : eventing.all(Broker.class)) {
            deadLetterSink("Broker " + broker.getMetadata().getName(),
                    broker.getSpec() == null ? null : broker.getSpec().getDelivery());
        }
        Set<String> brokers = names(eventing.all(Broker.class));
        for (SinkBinding binding : eventing.all(SinkBinding.class)) {
            String name = "SinkBinding " + binding.getMetadata().getName();
            var subject = binding.getSpec().getSubject();
            requireService(name + " subject", subject.getApiVersion(), subject.getKind(), subject.getName());
            var sink = binding.getSpec().getSink().getRef();
            if (sink == null || !"Broker".equals(sink.getKind()) || !brokers.contains(sink.getName())) {
                problems.add(name + ": sink is not a Broker defined in eventing/");
            }
        }
    }

    private void deadLetterSink(String owner, DeliverySpec delivery) {
        if (delivery != null && delivery.getDeadLetterSink() != null) {
            service(owner + " dead-letter sink", delivery.getDeadLetterSink());
        }
    }

    private void service(String owner, Destination destination) {
        if (destination == null || destination.getRef() == null) {
            problems.add(owner + ": no ref to a Knative Service");
            return;
        }
        var ref = destination.getRef();
        requireService(owner, ref.getApiVersion(), ref.getKind(), ref.getName());
    }

    private void requireService(String owner, String apiVersion, String kind, String name) {
        if (apiVersion == null || !apiVersion.startsWith(SERVING) || !"Service".equals(kind)) {
            problems.add(owner + ": " + apiVersion + " " + kind + " is not a Knative Service");
        } else if (!names(knative.all(Service.class)).contains(name)) {
            problems.add(owner + ": Service " + name + " is not defined in knative/");
        }
    }

    private void eventTypesHaveAConsumerOrAreTerminal() {
        Set<String> consumed = eventing.all(Trigger.class).stream().map(ManifestCheck::filterType)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        Set<String> terminal = terminalTypes();
        for (String type : EventTypes.all()) {
            if (!consumed.contains(type) && !terminal.contains(type)) {
                problems.add("event type " + type + " has no Trigger and is not listed under Terminal events in"
                        + " eventing/README.md");
            }
            if (consumed.contains(type) && terminal.contains(type)) {
                problems.add("event type " + type + " is listed as terminal but a Trigger consumes it");
            }
        }
    }

    /** The list under the "### Terminal events" heading of eventing/README.md. */
    private Set<String> terminalTypes() {
        Path readme = root.resolve("eventing/README.md");
        if (!Files.isRegularFile(readme)) {
            return Set.of();
        }
        try {
            String text = Files.readString(readme);
            int start = text.indexOf("### Terminal events");
            if (start < 0) {
                return Set.of();
            }
            int end = text.indexOf("\n#", start + 1);
            Matcher item = TERMINAL.matcher(text.substring(start, end < 0 ? text.length() : end));
            Set<String> types = new HashSet<>();
            while (item.find()) {
                types.add(item.group(1));
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void service(Service service) {
        String name = service.getMetadata().getName();
        String owner = "Service " + name;
        var template = service.getSpec().getTemplate();
        Map<String, String> annotations = template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                ? Map.of() : template.getMetadata().getAnnotations();
        String minScale = annotations.get("autoscaling.knative.dev/min-scale");
        if (minScale != null && !minScale.equals("0")) {
            problems.add(owner + ": min-scale " + minScale + " does not scale to zero");
        }
        RevisionSpec spec = template.getSpec();
        if (spec.getContainerConcurrency() == null) {
            problems.add(owner + ": no containerConcurrency");
        }
        if (spec.getTimeoutSeconds() == null) {
            problems.add(owner + ": no timeoutSeconds");
        }
        String module = name.startsWith("pharos-") ? name.substring("pharos-".length()) : name;
        if (!Files.isDirectory(functions.resolve("functions").resolve(module))) {
            problems.add(owner + ": no function module functions/" + module);
            return;
        }
        FunctionConfig config = FunctionConfig.of(functions, module);
        List<EnvVar> env = spec.getContainers().stream().map(Container::getEnv).filter(Objects::nonNull)
                .flatMap(List::stream).toList();
        for (EnvVar variable : env) {
            if (!config.reads(variable.getName())) {
                problems.add(owner + ": sets " + variable.getName() + ", which functions/" + module + " never reads");
            }
        }
        if (name.equals(SCANNER)) {
            scanner(owner, spec, env, config);
        }
    }

    /**
     * The scanner takes at most max-concurrent-scans events at once and must answer within Knative's timeouts, so:
     * containerConcurrency equals it, and the revision's timeoutSeconds and every scanner Trigger's delivery timeout
     * cover the scan timeout.
     */
    private void scanner(String owner, RevisionSpec spec, List<EnvVar> env, FunctionConfig config) {
        Optional<String> concurrency = setting(env, config, MAX_CONCURRENT_SCANS);
        if (concurrency.isEmpty()) {
            problems.add(owner + ": " + MAX_CONCURRENT_SCANS + " is neither set nor defaulted");
        } else if (spec.getContainerConcurrency() != null
                && spec.getContainerConcurrency() != Long.parseLong(concurrency.get().trim())) {
            problems.add(owner + ": containerConcurrency " + spec.getContainerConcurrency() + " != "
                    + MAX_CONCURRENT_SCANS + " " + concurrency.get());
        }
        Optional<Duration> timeout = setting(env, config, SCAN_TIMEOUT).map(ManifestCheck::quarkusDuration);
        if (timeout.isEmpty()) {
            problems.add(owner + ": " + SCAN_TIMEOUT + " is neither set nor defaulted");
            return;
        }
        if (spec.getTimeoutSeconds() != null && spec.getTimeoutSeconds() <= timeout.get().toSeconds()) {
            problems.add(owner + ": timeoutSeconds " + spec.getTimeoutSeconds() + " is not above the scan timeout "
                    + timeout.get());
        }
        for (Trigger trigger : eventing.all(Trigger.class)) {
            var subscriber = trigger.getSpec().getSubscriber();
            if (subscriber == null || subscriber.getRef() == null || !SCANNER.equals(subscriber.getRef().getName())) {
                continue;
            }
            DeliverySpec delivery = trigger.getSpec().getDelivery() != null ? trigger.getSpec().getDelivery()
                    : eventing.all(Broker.class).stream().map(b -> b.getSpec().getDelivery())
                            .filter(Objects::nonNull).findFirst().orElse(null);
            String deliveryTimeout = delivery == null ? null : delivery.getTimeout();
            if (deliveryTimeout == null || Duration.parse(deliveryTimeout).compareTo(timeout.get()) < 0) {
                problems.add("Trigger " + trigger.getMetadata().getName() + ": delivery timeout " + deliveryTimeout
                        + " is below the scan timeout " + timeout.get());
            }
        }
    }

    /** A property's value from the manifest's plain env var, else the function's default. */
    private static Optional<String> setting(List<EnvVar> env, FunctionConfig config, String property) {
        Pattern form = FunctionConfig.envForm(property);
        return env.stream().filter(v -> form.matcher(v.getName()).matches() && v.getValue() != null)
                .map(EnvVar::getValue).findFirst().or(() -> config.defaultOf(property));
    }

    /** SmallRye durations: ISO-8601, or a number with a unit (ms, s, m, h, d), or plain seconds. */
    static Duration quarkusDuration(String value) {
        String v = value.trim();
        if (v.toUpperCase().startsWith("P")) {
            return Duration.parse(v);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static String filterType(Trigger trigger) {
        var filter = trigger.getSpec().getFilter();
        return filter == null || filter.getAttributes() == null ? null : filter.getAttributes().get("type");
    }

    private static Set<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    }
}
