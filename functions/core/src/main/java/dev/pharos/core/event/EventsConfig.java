package dev.pharos.core.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where and how functions deliver events. */
@ConfigMapping(prefix = "pharos.events")
public interface EventsConfig {
    /** The broker address; Knative injects it as {@code K_SINK} through a SinkBinding or a source. */
    Optional<URI> sink();

    /** Time allowed for one delivery to the broker, connection included. */
    @WithDefault("5s")
    Duration timeout();
}
