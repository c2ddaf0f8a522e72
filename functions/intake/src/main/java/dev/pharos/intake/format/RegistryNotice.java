package dev.pharos.intake.format;

import dev.pharos.core.event.ImageEvent;

import java.util.Objects;
import java.util.Optional;

/**
 * One image event found in a delivery, with the identity its sender gave it.
 *
 * @param senderId the sender's own id for this event or delivery (distribution event id, Pub/Sub messageId,
 *                 EventBridge id, GitHub delivery GUID...), empty when the sender gives none; without one the
 *                 event is deduplicated on its content for a short window only
 * @param event    the image event to emit
 */
public record RegistryNotice(Optional<String> senderId, ImageEvent event) {
    public RegistryNotice {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(event, "event");
    }

    public static RegistryNotice identified(String senderId, ImageEvent event) {
        return new RegistryNotice(Optional.of(senderId), event);
    }

    public static RegistryNotice unidentified(ImageEvent event) {
        return new RegistryNotice(Optional.empty(), event);
    }
}
