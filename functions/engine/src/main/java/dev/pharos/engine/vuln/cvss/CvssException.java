package dev.pharos.engine.vuln.cvss;

/**
 * A CVSS vector that cannot be scored: unknown version, a mandatory metric missing, a metric repeated, unknown or
 * with a value its version does not define. The message names the metric so an advisory's bad vector can be
 * reported precisely; callers fall back to the advisory's own severity label.
 */
public final class CvssException extends RuntimeException {
    public CvssException(String message) {
        super(message);
    }
}
