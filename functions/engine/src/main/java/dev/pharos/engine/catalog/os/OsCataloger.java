package dev.pharos.engine.catalog.os;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.OsRelease;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Identifies the operating system from each of its release files; when an image has several, the assembler picks
 * one with {@link OsIdentification#choose}.
 */
@ApplicationScoped
public class OsCataloger implements Cataloger {
    /** Release files are a few hundred bytes; anything far larger at these paths is not one. */
    private static final long MAX_SIZE = 64 * 1024;
    /** One token such as {@code 12.5}, {@code bookworm/sid} or {@code 3.19.1}. */
    private static final Pattern RELEASE_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~/_-]*");
    private static final Pattern NUMERIC = Pattern.compile("\\d+(\\.\\d+)*");

    @Override
    public String name() {
        return "os";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        return OsIdentification.PRECEDENCE.contains(entry.path());
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        if (content.size() > MAX_SIZE) {
            throw new CatalogException(content.size() + " bytes is too large for a release file");
        }
        byte[] bytes = content.bytes();
        return Catalogued.of(switch (entry.path()) {
            case OsIdentification.DEBIAN_VERSION -> debianVersion(releaseToken(bytes));
            case OsIdentification.ALPINE_RELEASE -> alpineRelease(releaseToken(bytes));
            default -> osRelease(OsReleaseParser.parse(bytes));
        });
    }

    private static OsRelease osRelease(Map<String, String> values) {
        // os-release(5): ID defaults to "linux"; PRETTY_NAME to "Linux".
        String id = values.getOrDefault("ID", "linux");
        String versionId = values.getOrDefault("VERSION_ID", "");
        return new OsRelease(id, versionId, values.getOrDefault("PRETTY_NAME", "Linux"),
                OsvReleases.ecosystem(id, versionId, values.getOrDefault("VERSION", "")));
    }

    /** {@code 11.7} on a release, {@code bookworm/sid} on testing and unstable, which have no release number. */
    private static OsRelease debianVersion(String token) {
        String versionId = NUMERIC.matcher(token).matches() ? token : "";
        return new OsRelease("debian", versionId, "Debian GNU/Linux " + token,
                OsvReleases.ecosystem("debian", versionId, ""));
    }

    private static OsRelease alpineRelease(String token) {
        return new OsRelease("alpine", token, "Alpine Linux v" + token,
                OsvReleases.ecosystem("alpine", token, ""));
    }

    private static String releaseToken(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!RELEASE_TOKEN.matcher(text).matches()) {
            throw new CatalogException("not a release number or codename: "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        return text;
    }
}
