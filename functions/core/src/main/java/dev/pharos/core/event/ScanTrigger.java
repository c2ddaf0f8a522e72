package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What made the scanner look at an image: a registry push, an explicit request, or new vulnerability data. */
public enum ScanTrigger {
    PUSH, REQUEST, REMATCH;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
