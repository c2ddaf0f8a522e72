package dev.pharos.harness.local;

import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.EventSchemas;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import dev.pharos.harness.TestPostgres;
import dev.pharos.harness.broker.DeliveryRecord;
import dev.pharos.harness.broker.LocalBroker;
import dev.pharos.harness.broker.ServiceRegistry;
import io.cloudevents.CloudEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole scanning pipeline on one machine, as pharos-local, the end-to-end tests and the pipeline bench run it:
 * the local broker configured from {@code eventing/} → intake, scanner and api as their own processes on a fresh
 * database ({@link LocalPlatform}) → and, when {@code docker-registry} and {@code skopeo} are installed, a real
 * distribution registry whose notifications go to intake. Images pushed into it with {@link #push} flow through
 * intake, the broker and the scanner; {@link #awaitOutcome} waits for the scan's result event.
 */
public final class LocalPipeline implements AutoCloseable {
    /** knative/scanner.yaml's containerConcurrency and PHAROS_SCANNER_MAX_CONCURRENT_SCANS. */
    public static final int SCANS_AT_ONCE = 4;

    private final LocalBroker broker;
    private final LocalPlatform platform;
    private final Optional<DistributionRegistry> registry;
    private final ApiClient api;
    private final Path work;

    private LocalPipeline(LocalBroker broker, LocalPlatform platform, Optional<DistributionRegistry> registry,
                          Path work) {
        this.broker = broker;
        this.platform = platform;
        this.registry = registry;
        this.api = new ApiClient(platform.api().baseUri());
        this.work = work;
    }

    /** Whether pushes can be made here: {@code docker-registry} (or a Docker engine) and {@code skopeo}. */
    public static boolean registryAvailable() {
        return DistributionRegistry.available() && Skopeo.available();
    }

    /**
     * Starts everything; the registry only when {@link #registryAvailable()}. {@code listener} sees each finished
     * broker delivery. The scanner runs {@code maxConcurrentScans} scans at once (knative/scanner.yaml: 4), and the
     * broker sends each subscriber at most that many requests at once, holding the rest: locally it plays the part
     * of Knative Serving's queue-proxy, which queues requests beyond {@code containerConcurrency} in front of the
     * container. Without it the scanner's own bound would answer 429, and the Triggers' exponential backoff would
     * stretch a burst's tail by minutes, which is not what happens on Knative.
     */
    public static LocalPipeline start(Path work, Consumer<DeliveryRecord> listener, int maxConcurrentScans,
                                      List<String> jvmOptions) {
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        ServiceRegistry services = new ServiceRegistry();
        LocalBroker.Settings defaults = LocalBroker.Settings.defaults();
        LocalBroker broker = LocalBroker.start(Peers.repoRoot().resolve("eventing"), services, defaults
                .withLimits(defaults.maxEventBytes(), defaults.maxInFlight(), maxConcurrentScans)
                .withSchemas(EventSchemas.fromRepo()).withListener(listener));
        LocalPlatform platform = null;
        try {
            platform = LocalPlatform.start(broker.uri(), services, jvmOptions);
            platform.launchScannerAndApi(work.resolve("sboms"),
                    Map.of("PHAROS_SCANNER_MAX_CONCURRENT_SCANS", String.valueOf(maxConcurrentScans)));
            Optional<DistributionRegistry> registry = registryAvailable()
                    ? Optional.of(DistributionRegistry.start(platform.webhook(),
                            Map.of("Authorization", "Bearer " + platform.token())))
                    : Optional.empty();
            return new LocalPipeline(broker, platform, registry, work);
        } catch (RuntimeException e) {
            Peers.closeAll(platform, broker);
            throw e;
        }
    }

    public LocalBroker broker() {
        return broker;
    }

    public LocalPlatform platform() {
        return platform;
    }

    public ApiClient api() {
        return api;
    }

    public DistributionRegistry registry() {
        return registry.orElseThrow(() -> new IllegalStateException("docker-registry or skopeo is not installed"));
    }

    public Path work() {
        return work;
    }

    /**
     * Pushes {@code tag} of an OCI layout as {@code <registry>/<repository>:<pushedTag>} with skopeo; the registry
     * then notifies intake. Returns the reference pushed.
     */
    public String push(Path layout, String tag, String repository, String pushedTag) {
        String reference = registry().hostPort() + "/" + repository + ":" + pushedTag;
        Skopeo.copy(layout, tag, reference);
        return reference;
    }

    /** The image.pushed event intake emitted for a push of {@code repository:tag}. */
    public CloudEvent awaitPushed(String repository, String tag, Duration timeout) {
        return broker.awaitAccepted(event -> EventTypes.IMAGE_PUSHED.equals(event.getType())
                && pushed(event).map(p -> repository.equals(p.repository()) && tag.equals(p.tag())).orElse(false),
                timeout);
    }

    /** The image.scanned or scan.failed event that ended the journey of {@code cause} (same correlation id). */
    public CloudEvent awaitOutcome(CloudEvent cause, Duration timeout) {
        Object correlation = Objects.requireNonNull(cause.getExtension(EventTypes.CORRELATION_ID), "correlationid");
        return broker.awaitAccepted(event -> (EventTypes.IMAGE_SCANNED.equals(event.getType())
                || EventTypes.SCAN_FAILED.equals(event.getType()))
                && correlation.equals(event.getExtension(EventTypes.CORRELATION_ID)), timeout);
    }

    /**
     * The rows of a query on the platform's database, each as the list of its columns' values: for what the api does
     * not show (scans per push, correlation ids, the layer cache).
     */
    public List<List<Object>> rows(String sql, Object... parameters) {
        TestPostgres postgres = TestPostgres.shared();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(platform.database()),
                postgres.user(), postgres.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** An event's JSON payload as its record. */
    public static <T> T payload(CloudEvent event, Class<T> type) {
        try {
            return PharosEvents.MAPPER.readValue(Objects.requireNonNull(event.getData()).toBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + event.getType() + " " + event.getId(), e);
        }
    }

    private static Optional<ImagePushed> pushed(CloudEvent event) {
        try {
            return Optional.of(payload(event, ImagePushed.class));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        Peers.closeAll(registry.orElse(null), platform, broker);
    }
}
