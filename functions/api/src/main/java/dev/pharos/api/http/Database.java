package dev.pharos.api.http;

import dev.pharos.core.error.PharosException;

/** Failures of the reactive client become UNAVAILABLE (503, retried) unless they are already ours. */
public final class Database {
    private Database() {
    }

    public static Throwable unavailable(Throwable failure) {
        return failure instanceof PharosException ? failure : new PharosException(PharosException.Kind.UNAVAILABLE,
                "database unavailable: " + failure.getMessage(), failure);
    }
}
