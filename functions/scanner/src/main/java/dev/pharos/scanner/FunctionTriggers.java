package dev.pharos.scanner;

import dev.pharos.core.event.EventTypes;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Funqy's type-to-function mapping ({@code quarkus.funqy.knative-events.mapping.<function>.trigger}, run-time
 * configuration) built from {@link EventTypes}, so that no event type is spelled by hand in a properties file.
 * Registered through {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}.
 */
public class FunctionTriggers implements ConfigSource {
    private static final String PREFIX = "quarkus.funqy.knative-events.mapping.";
    private static final Map<String, String> TRIGGERS = Map.of(
            PREFIX + "imagePushed.trigger", EventTypes.IMAGE_PUSHED,
            PREFIX + "scanRequested.trigger", EventTypes.SCAN_REQUESTED,
            PREFIX + "vulndbUpdated.trigger", EventTypes.VULNDB_UPDATED);

    /** The CloudEvent types the scanner consumes. */
    public static Set<String> consumedTypes() {
        return Set.copyOf(TRIGGERS.values());
    }

    @Override
    public Set<String> getPropertyNames() {
        return TRIGGERS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return TRIGGERS.get(propertyName);
    }

    @Override
    public String getName() {
        return "pharos-scanner-function-triggers";
    }

    /** Above application.properties (250): the mapping is code, not a setting. */
    @Override
    public int getOrdinal() {
        return 275;
    }
}
