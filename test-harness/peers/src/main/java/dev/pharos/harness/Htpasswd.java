package dev.pharos.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * htpasswd files for {@link DistributionRegistry.Auth.Basic}. Distribution accepts bcrypt hashes only; the JDK has no
 * bcrypt, so the hash comes from the C library's {@code crypt(3)} (libxcrypt supports {@code $2y$}) through
 * {@code perl}, which every Debian and Ubuntu system has (perl-base is essential).
 */
public final class Htpasswd {
    private static final String SALT_CHARS = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Htpasswd() {
    }

    /** True when bcrypt hashes can be made here. */
    public static boolean available() {
        if (Peers.executable("perl").isEmpty()) {
            return false;
        }
        try {
            return bcrypt("probe").startsWith("$2y$");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One {@code user:hash} line per user. */
    public static String file(Map<String, String> users) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(users).forEach((user, password) -> out.append(user).append(':').append(bcrypt(password))
                .append('\n'));
        return out.toString();
    }

    /** bcrypt, cost 5 (tests do not need slow hashes). */
    static String bcrypt(String password) {
        StringBuilder salt = new StringBuilder("$2y$05$");
        for (int i = 0; i < 21; i++) {
            salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
        }
        // The 22nd salt character carries only 2 bits; these four are its canonical values.
        salt.append(".Oeu".charAt(RANDOM.nextInt(4)));
        try {
            // The password goes through the environment, not argv, so it does not show in process listings.
            ProcessBuilder builder = new ProcessBuilder("perl", "-e", "print crypt($ENV{PW}, $ENV{SALT})")
                    .redirectErrorStream(true);
            builder.environment().put("PW", password);
            builder.environment().put("SALT", salt.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || !hash.startsWith("$2y$05$")) {
                throw new IllegalStateException("crypt(3) made no bcrypt hash (got '" + hash + "')");
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run perl for a bcrypt hash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
