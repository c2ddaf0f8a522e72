package dev.pharos.api.http;

import dev.pharos.core.error.PharosException;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing, newest first, and the link to the next one ({@code null} on the last page).
 *
 * @param next the path and query of the next page: this request's with {@code cursor} replaced
 */
public record Page<T>(List<T> items, String next) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /**
     * {@code limit} as given, 1 to {@link #MAX_LIMIT}, or the default. Read as text: JAX-RS answers 404 to a query
     * parameter it cannot convert, where a 400 naming the parameter is what the caller needs.
     */
    public static int limit(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(requested.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                "limit must be a number from 1 to " + MAX_LIMIT + ", not '" + requested + "'");
    }

    /**
     * A page from {@code limit + 1} fetched rows: the extra row only says that there is a next page, whose cursor is
     * the key of this page's last item.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf, UriInfo request) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        var next = request.getRequestUriBuilder().replaceQueryParam("cursor", cursorOf.apply(items.getLast()))
                .build();
        return new Page<>(items, next.getRawPath() + "?" + next.getRawQuery());
    }
}
