package dev.pharos.engine.source.registry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge (RFC 9110 section 11.6.1), e.g. the distribution token-auth spec's
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"}.
 *
 * @param scheme lowercase, {@code basic} or {@code bearer}
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    private static final Pattern PARAM = Pattern.compile("\\s*([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]*))\\s*,?");

    AuthChallenge {
        params = Map.copyOf(params);
    }

    /** The first challenge in the header value; empty when there is none. */
    static Optional<AuthChallenge> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new HashMap<>();
        if (space >= 0) {
            Matcher m = PARAM.matcher(value.substring(space + 1));
            // Stop at the first token that is not name=value: that begins the next challenge.
            while (m.lookingAt()) {
                String quoted = m.group(2);
                params.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT),
                        quoted != null ? quoted.replaceAll("\\\\(.)", "$1") : m.group(3));
                m.region(m.end(), m.regionEnd());
            }
        }
        return Optional.of(new AuthChallenge(scheme, params));
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty());
    }
}
