package dev.pharos.scanner.engine;

import dev.pharos.engine.catalog.Catalogers;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * The catalogers' names and versions ({@code apk:1,dpkg:1,...}), stored as {@code image.analysis_version}: a
 * stored inventory made by other catalogers is stale and the image is analysed again.
 */
@Singleton
public class AnalysisVersion {
    private final String value;

    public AnalysisVersion(Catalogers catalogers) {
        this.value = catalogers.all().stream().map(cataloger -> cataloger.name() + ":" + cataloger.version())
                .collect(Collectors.joining(","));
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
