package dev.pharos.engine.source;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.MeteredInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a blob while hashing it: more bytes than the descriptor's size fail at once (a registry cannot make us
 * download more than the manifest promised), and at the end of the stream the digest must match, else
 * {@code DIGEST_MISMATCH}. Image-spec {@code descriptor.md}: sha256 and sha512 are the registered algorithms.
 */
public final class VerifiedBlobStream extends MeteredInputStream {
    private final Descriptor expected;
    private final MessageDigest digest;
    private long read;
    private boolean verified;

    public VerifiedBlobStream(InputStream in, Descriptor expected) {
        super(in);
        this.expected = expected;
        this.digest = newDigest(expected.digest());
    }

    /** The {@link MessageDigest} for an OCI digest string's algorithm. */
    public static MessageDigest newDigest(String ociDigest) {
        int colon = ociDigest.indexOf(':');
        String algorithm = colon < 0 ? "" : ociDigest.substring(0, colon);
        String javaName = switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new PharosException(PharosException.Kind.UNSUPPORTED,
                    "unsupported digest algorithm in '" + ociDigest + "' (sha256 and sha512 are)");
        };
        try {
            return MessageDigest.getInstance(javaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(javaName + " is missing from this JDK", e);
        }
    }

    /** {@code algorithm:hex} of the bytes hashed by {@code digest}. */
    public static String format(String ociDigest, MessageDigest digest) {
        return ociDigest.substring(0, ociDigest.indexOf(':') + 1) + HexFormat.of().formatHex(digest.digest());
    }


    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
            return -1;
        }
        read += n;
        if (read > expected.size()) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, "blob " + expected.digest()
                    + " is longer than the " + expected.size() + " bytes its descriptor declares");
        }
        digest.update(buffer, offset, n);
        return n;
    }


    /**
     * Reads whatever the consumer left unread (a tar reader stops at the end-of-archive marker, a gzip reader at its
     * trailer) and verifies: a blob is trusted only once all of it was hashed.
     */
    public void finish() throws IOException {
        skip(Long.MAX_VALUE);
        verify();
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (read != expected.size()) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, "blob " + expected.digest() + " has "
                    + read + " bytes, its descriptor declares " + expected.size());
        }
        String actual = format(expected.digest(), digest);
        if (!actual.equals(expected.digest())) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH,
                    "blob content hashes to " + actual + ", not to its digest " + expected.digest());
        }
    }
}
