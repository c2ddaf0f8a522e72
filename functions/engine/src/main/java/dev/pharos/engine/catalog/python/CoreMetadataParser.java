package dev.pharos.engine.catalog.python;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.catalog.CatalogException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code Name} and {@code Version} from a core metadata file: {@code *.dist-info/METADATA} (PEP 566, "Core
 * metadata specifications"), {@code *.egg-info/PKG-INFO} and the single-file {@code *.egg-info} of distutils, which
 * share the format. It is RFC 822 style: {@code Field: value} headers, continuation lines starting with whitespace,
 * then a blank line and a free-form body (the long description since Metadata-Version 2.1), which is never read.
 */
final class CoreMetadataParser {
    /**
     * Headers are short; a long {@code License:} text is the largest seen in practice (tens of KiB). A file whose
     * header section goes on beyond this is not metadata a packaging tool wrote.
     */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** Core metadata spec, "Name": a PEP 508 name, ASCII letters and digits with {@code . _ -} inside. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    private CoreMetadataParser() {
    }

    static CoreMetadata parse(InputStream in) throws IOException {
        byte[] head = in.readNBytes(MAX_HEADER_BYTES + 1);
        String text = new String(head, StandardCharsets.UTF_8);
        Optional<String> name = Optional.empty();
        Optional<String> version = Optional.empty();
        boolean ended = false;
        for (String line : text.split("\n", -1)) {
            String header = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (header.isEmpty()) {
                ended = true;
                break;
            }
            // Continuation lines (RFC 822 folding) belong to the previous field; Name and Version never fold.
            int colon = header.indexOf(':');
            if (Character.isWhitespace(header.charAt(0)) || colon <= 0) {
                continue;
            }
            // Field names are case-insensitive (RFC 822 3.4.7); the first occurrence wins, as in email.parser.
            String field = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (field.equals("name") && name.isEmpty()) {
                name = Optional.of(value);
            } else if (field.equals("version") && version.isEmpty()) {
                version = Optional.of(value);
            }
        }
        if (!ended && head.length > MAX_HEADER_BYTES) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                    "core metadata headers exceed " + MAX_HEADER_BYTES + " bytes");
        }
        String validName = name.filter(n -> VALID_NAME.matcher(n).matches())
                .orElseThrow(() -> new CatalogException("core metadata without a valid Name field"));
        String validVersion = version.filter(v -> !v.isEmpty() && v.chars().noneMatch(Character::isWhitespace))
                .orElseThrow(() -> new CatalogException("core metadata of " + validName + " without a valid Version"));
        return new CoreMetadata(validName, validVersion);
    }
}
