package dev.pharos.api.http;

import dev.pharos.core.error.PharosException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A keyset pagination cursor: the sort key of the last item of a page, opaque to clients (base64url of its parts).
 * The next page starts strictly after it, so rows inserted meanwhile neither repeat nor shift items (unlike an
 * offset).
 */
public final class Cursor {
    private static final String SEPARATOR = "\n";

    private Cursor() {
    }

    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code parts} parts of a cursor this API issued; anything else is a 400. */
    public static List<String> decode(String cursor, int parts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> split = List.of(text.split(SEPARATOR, -1));
            if (split.size() == parts) {
                return split;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw invalid(cursor);
    }

    public static PharosException invalid(String cursor) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT,
                "invalid cursor '" + cursor + "': pass the 'next' link of the previous page unchanged");
    }
}
