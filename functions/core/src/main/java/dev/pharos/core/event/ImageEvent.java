package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A registry-side image event, the payload of one of the image event types. */
public sealed interface ImageEvent permits ImagePushed, ImageDeleted {

    /** The CloudEvent type this payload travels as. */
    @JsonIgnore
    String eventType();

    /** The CloudEvent {@code subject}: the image reference, so brokers and logs can filter without the payload. */
    @JsonIgnore
    String subject();

    static String reference(String registry, String repository, String tag, String digest) {
        String name = registry + "/" + repository;
        if (digest != null) {
            return tag == null ? name + "@" + digest : name + ":" + tag + "@" + digest;
        }
        return name + ":" + tag;
    }
}
