package dev.pharos.engine.source.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** What we present to a registry (or its token realm): nothing, or a user name and password / token. */
public sealed interface RegistryCredentials {
    RegistryCredentials ANONYMOUS = new Anonymous();

    record Anonymous() implements RegistryCredentials {
    }

    /** HTTP Basic credentials (RFC 7617); {@link #toString()} never shows the password. */
    record Basic(String username, String password) implements RegistryCredentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.contains(":")) {
                throw new IllegalArgumentException("a Basic user name cannot contain ':' (RFC 7617 section 2)");
            }
        }

        String header() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + username + ", ****]";
        }
    }
}
