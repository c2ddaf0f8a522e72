package dev.pharos.intake.format;

import java.util.List;

/**
 * What a delivery contained.
 *
 * @param notices image events to emit
 * @param ignored events that were valid but not ours to act on (blob pushes, pulls, pings, other event kinds)
 */
public record ParsedDelivery(List<RegistryNotice> notices, int ignored) {
    public ParsedDelivery {
        notices = List.copyOf(notices);
    }

    public static ParsedDelivery ignoredOnly(int ignored) {
        return new ParsedDelivery(List.of(), ignored);
    }
}
