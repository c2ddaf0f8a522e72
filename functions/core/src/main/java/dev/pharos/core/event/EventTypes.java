package dev.pharos.core.event;

import java.util.List;

/**
 * Every CloudEvent type Pharos emits or consumes, in one place. The {@code eventing/} manifests and the JSON Schemas
 * in {@code eventing/events/} are checked against this list by a test, so a type is never spelled by hand elsewhere.
 * Types carry a version suffix: a breaking payload change is a new type, never an edit of an old one.
 */
public final class EventTypes {
    public static final String PREFIX = "dev.pharos.";

    /** A registry reports a manifest push: {@link ImagePushed}. */
    public static final String IMAGE_PUSHED = PREFIX + "image.pushed.v1";
    /** A registry reports a manifest or tag deletion: {@link ImageDeleted}. */
    public static final String IMAGE_DELETED = PREFIX + "image.deleted.v1";
    /** The API or a sweep asks for a scan: {@link ScanRequested}. */
    public static final String SCAN_REQUESTED = PREFIX + "scan.requested.v1";
    /** A scan completed, findings persisted: {@link ImageScanned}. */
    public static final String IMAGE_SCANNED = PREFIX + "image.scanned.v1";
    /** A scan failed for good (not retried): {@link ScanFailed}. */
    public static final String SCAN_FAILED = PREFIX + "scan.failed.v1";
    /** An advisory import changed the vulnerability data: {@link VulndbUpdated}. */
    public static final String VULNDB_UPDATED = PREFIX + "vulndb.updated.v1";

    /** The CloudEvents extension that follows one image's journey through every function. */
    public static final String CORRELATION_ID = "correlationid";

    private EventTypes() {
    }

    public static List<String> all() {
        return List.of(IMAGE_PUSHED, IMAGE_DELETED, SCAN_REQUESTED, IMAGE_SCANNED, SCAN_FAILED, VULNDB_UPDATED);
    }
}
