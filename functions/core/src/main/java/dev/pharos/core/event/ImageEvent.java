package dev.pharos.core.event;

/** A registry-side image event, the payload of one of the image event types. */
public sealed interface ImageEvent extends EventPayload permits ImagePushed, ImageDeleted {

    /** The image reference {@code registry/repository[:tag][@digest]}: the subject of every image-related event. */
    static String reference(String registry, String repository, String tag, String digest) {
        String name = registry + "/" + repository;
        if (digest != null) {
            return tag == null ? name + "@" + digest : name + ":" + tag + "@" + digest;
        }
        return name + ":" + tag;
    }
}
