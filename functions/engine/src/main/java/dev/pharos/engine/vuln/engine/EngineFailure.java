package dev.pharos.engine.vuln.engine;

import dev.pharos.core.error.PharosException;

/** Engine errors, always prefixed with the engine's name so a failed scan says which engine failed. */
final class EngineFailure {
    private static final int MAX_DETAIL = 500;

    private EngineFailure() {
    }

    static PharosException of(PharosException.Kind kind, String engine, String message) {
        return new PharosException(kind, engine + ": " + message);
    }

    static PharosException of(PharosException.Kind kind, String engine, String message, Throwable cause) {
        return new PharosException(kind, engine + ": " + message, cause);
    }

    /** A peer's text (an error body, stderr) shortened for a message: the end says most about what went wrong. */
    static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= MAX_DETAIL ? trimmed : "…" + trimmed.substring(trimmed.length() - MAX_DETAIL);
    }
}
