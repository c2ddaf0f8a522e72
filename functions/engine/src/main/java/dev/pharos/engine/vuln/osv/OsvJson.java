package dev.pharos.engine.vuln.osv;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pharos.core.error.PharosException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes OSV records (OSV schema 1.6, ossf.github.io/osv-schema). Only the fields the matcher uses are
 * kept; {@link #write} produces OSV JSON that {@link #parse} reads back to an equal record, which is how the
 * advisory store keeps records.
 *
 * <p>Errors are {@link PharosException.Kind#MALFORMED_INPUT} naming the record id (when it was read) and the field
 * path, e.g. {@code OSV record GHSA-x: affected[0].ranges[1].type: unknown range type "FOO"}.
 */
public final class OsvJson {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // Field names pre-encoded once: writing them is most of the writer's work otherwise.
    private static final SerializedString F_SCHEMA_VERSION = new SerializedString("schema_version");
    private static final SerializedString F_ALIASES = new SerializedString("aliases");
    private static final SerializedString F_UPSTREAM = new SerializedString("upstream");
    private static final SerializedString F_VERSIONS = new SerializedString("versions");
    private static final SerializedString F_ID = new SerializedString("id");
    private static final SerializedString F_MODIFIED = new SerializedString("modified");
    private static final SerializedString F_PUBLISHED = new SerializedString("published");
    private static final SerializedString F_WITHDRAWN = new SerializedString("withdrawn");
    private static final SerializedString F_SUMMARY = new SerializedString("summary");
    private static final SerializedString F_AFFECTED = new SerializedString("affected");
    private static final SerializedString F_PACKAGE = new SerializedString("package");
    private static final SerializedString F_ECOSYSTEM = new SerializedString("ecosystem");
    private static final SerializedString F_NAME = new SerializedString("name");
    private static final SerializedString F_PURL = new SerializedString("purl");
    private static final SerializedString F_RANGES = new SerializedString("ranges");
    private static final SerializedString F_TYPE = new SerializedString("type");
    private static final SerializedString F_EVENTS = new SerializedString("events");
    private static final SerializedString F_DATABASE_SPECIFIC = new SerializedString("database_specific");
    private static final SerializedString F_SEVERITY = new SerializedString("severity");
    private static final SerializedString F_SCORE = new SerializedString("score");
    /** OSV event field names, by {@link OsvEvent.Kind#ordinal()}. */
    private static final SerializedString[] EVENT_FIELDS = Arrays.stream(OsvEvent.Kind.values())
            .map(kind -> new SerializedString(kind.name().toLowerCase(Locale.ROOT))).toArray(SerializedString[]::new);

    private OsvJson() {
    }

    public static OsvRecord parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "OSV record is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "OSV record is not a JSON object");
        }
        Reader reader = new Reader(Optional.empty());
        String id = reader.requiredText(root, "id");
        return new Reader(Optional.of(id)).record(root, id);
    }

    /**
     * Reads what {@link #writeAffected} wrote: a JSON array of OSV {@code affected[]} entries.
     *
     * @param advisoryId the advisory the entries belong to, for error messages
     */
    public static List<OsvAffected> parseAffected(byte[] json, String advisoryId) {
        Reader reader = new Reader(Optional.of(advisoryId));
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw reader.error("affected", "not valid JSON");
        }
        if (root == null || !root.isArray()) {
            throw reader.error("affected", "not an array");
        }
        List<OsvAffected> entries = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            reader.affected(root.get(i), "affected[" + i + "]", Optional.empty()).ifPresent(entries::add);
        }
        return entries;
    }

    /**
     * The record's {@code id} if the document is a JSON object with a textual id: how an importer names a record
     * that {@link #parse} rejected.
     */
    public static Optional<String> idOf(byte[] json) {
        try {
            JsonNode id = JSON.readTree(json).path("id");
            return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** OSV JSON for the record: the fields this model keeps, in schema order (streamed: imports write many). */
    public static byte[] write(OsvRecord record) {
        return write(record, true);
    }

    /**
     * OSV JSON for the record without its {@code affected[]} entries (optional in OSV), which {@link #parse} reads
     * back with none: the advisory store keeps the entries apart, per package ({@link #writeAffected}).
     */
    public static byte[] writeHead(OsvRecord record) {
        return write(record, false);
    }

    private static byte[] write(OsvRecord record, boolean withEntries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(withEntries ? 1024 : 256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            string(json, F_SCHEMA_VERSION, "1.6.0");
            string(json, F_ID, record.id());
            string(json, F_MODIFIED, Rfc3339.format(record.modified()));
            if (record.published().isPresent()) {
                string(json, F_PUBLISHED, Rfc3339.format(record.published().get()));
            }
            if (record.withdrawn().isPresent()) {
                string(json, F_WITHDRAWN, Rfc3339.format(record.withdrawn().get()));
            }
            strings(json, F_ALIASES, record.aliases());
            strings(json, F_UPSTREAM, record.upstream());
            if (record.summary().isPresent()) {
                string(json, F_SUMMARY, record.summary().get());
            }
            severities(json, record.severity());
            if (withEntries) {
                json.writeFieldName(F_AFFECTED);
                json.writeStartArray();
                for (OsvAffected entry : record.affected()) {
                    affected(json, entry);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write OSV record " + record.id(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * OSV JSON for some of a record's {@code affected[]} entries, as an array (the advisory store keeps the entries
     * naming each package this way). Each entry carries its severity label, so it reads back equal on its own.
     */
    public static byte[] writeAffected(List<OsvAffected> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartArray();
            for (OsvAffected entry : entries) {
                affected(json, entry);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write OSV affected entries", e);
        }
        return bytes.toByteArray();
    }

    private static void affected(JsonGenerator json, OsvAffected entry) throws IOException {
        json.writeStartObject();
        json.writeFieldName(F_PACKAGE);
        json.writeStartObject();
        string(json, F_ECOSYSTEM, entry.pkg().ecosystem());
        string(json, F_NAME, entry.pkg().name());
        if (entry.pkg().purl().isPresent()) {
            string(json, F_PURL, entry.pkg().purl().get());
        }
        json.writeEndObject();
        severities(json, entry.severity());
        if (!entry.ranges().isEmpty()) {
            json.writeFieldName(F_RANGES);
            json.writeStartArray();
            for (OsvRange range : entry.ranges()) {
                json.writeStartObject();
                string(json, F_TYPE, range.type().name());
                json.writeFieldName(F_EVENTS);
                json.writeStartArray();
                for (OsvEvent event : range.events()) {
                    json.writeStartObject();
                    string(json, EVENT_FIELDS[event.kind().ordinal()], event.version());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        strings(json, F_VERSIONS, entry.versions());
        if (entry.ecosystemSeverity().isPresent()) {
            json.writeFieldName(F_DATABASE_SPECIFIC);
            json.writeStartObject();
            string(json, F_SEVERITY, entry.ecosystemSeverity().get());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, SerializedString field, String value) throws IOException {
        json.writeFieldName(field);
        json.writeString(value);
    }

    private static void strings(JsonGenerator json, SerializedString field, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            json.writeFieldName(field);
            json.writeStartArray();
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
    }

    private static void severities(JsonGenerator json, List<OsvSeverity> severity) throws IOException {
        if (!severity.isEmpty()) {
            json.writeFieldName(F_SEVERITY);
            json.writeStartArray();
            for (OsvSeverity s : severity) {
                json.writeStartObject();
                string(json, F_TYPE, s.type());
                string(json, F_SCORE, s.score());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    /** Reads one record; {@code id} is only for error messages. */
    private record Reader(Optional<String> id) {

        OsvRecord record(JsonNode root, String recordId) {
            Optional<String> recordSeverityLabel = optionalText(root.path("database_specific"),
                    "database_specific.severity", "severity");
            List<OsvAffected> affected = new ArrayList<>();
            List<JsonNode> entries = array(root, "affected", "affected");
            for (int i = 0; i < entries.size(); i++) {
                affected(entries.get(i), "affected[" + i + "]", recordSeverityLabel).ifPresent(affected::add);
            }
            return new OsvRecord(recordId, requiredTime(root, "modified"), optionalTime(root, "published"),
                    optionalTime(root, "withdrawn"), texts(root, "aliases"), texts(root, "upstream"),
                    optionalText(root, "summary", "summary"), severities(root, "severity"), affected);
        }

        /**
         * An entry without {@code package} is empty: OSV allows that for entries that only name git commit ranges,
         * and such an entry can never match an installed package.
         */
        Optional<OsvAffected> affected(JsonNode node, String path, Optional<String> recordSeverityLabel) {
            if (!node.isObject()) {
                throw error(path, "not an object");
            }
            JsonNode pkgNode = node.path("package");
            if (pkgNode.isMissingNode() || pkgNode.isNull()) {
                return Optional.empty();
            }
            if (!pkgNode.isObject()) {
                throw error(path + ".package", "not an object");
            }
            OsvPackage pkg = new OsvPackage(requiredText(pkgNode, path + ".package.ecosystem", "ecosystem"),
                    requiredText(pkgNode, path + ".package.name", "name"),
                    optionalText(pkgNode, path + ".package.purl", "purl"));
            List<OsvRange> ranges = new ArrayList<>();
            List<JsonNode> rangeNodes = array(node, path + ".ranges", "ranges");
            for (int i = 0; i < rangeNodes.size(); i++) {
                ranges.add(range(rangeNodes.get(i), path + ".ranges[" + i + "]"));
            }
            // A label: Debian and Alpine put it in ecosystem_specific, GitHub in database_specific (per entry or,
            // for GHSA, once for the whole record).
            Optional<String> label = optionalText(node.path("ecosystem_specific"),
                    path + ".ecosystem_specific.severity", "severity")
                    .or(() -> optionalText(node.path("database_specific"),
                            path + ".database_specific.severity", "severity"))
                    .or(() -> recordSeverityLabel);
            return Optional.of(new OsvAffected(pkg, ranges, texts(node, path + ".versions", "versions"),
                    severities(node, path + ".severity"), label));
        }

        private OsvRange range(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path, "not an object");
            }
            String typeName = requiredText(node, path + ".type", "type");
            OsvRange.Type type;
            try {
                type = OsvRange.Type.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                throw error(path + ".type", "unknown range type \"" + typeName + "\" (SEMVER, ECOSYSTEM or GIT)");
            }
            List<JsonNode> eventNodes = array(node, path + ".events", "events");
            if (eventNodes.isEmpty()) {
                throw error(path + ".events", "a range needs at least one event");
            }
            List<OsvEvent> events = new ArrayList<>();
            for (int i = 0; i < eventNodes.size(); i++) {
                events.add(event(eventNodes.get(i), path + ".events[" + i + "]"));
            }
            return new OsvRange(type, events);
        }

        /** OSV: each event object has exactly one of introduced, fixed, last_affected, limit. */
        private OsvEvent event(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path, "not an object");
            }
            Optional<OsvEvent> found = Optional.empty();
            for (OsvEvent.Kind kind : OsvEvent.Kind.values()) {
                String field = EVENT_FIELDS[kind.ordinal()].getValue();
                if (!node.has(field)) {
                    continue; // most kinds are absent: their paths, only for errors, are not built
                }
                Optional<String> version = optionalText(node, path + "." + field, field);
                if (version.isPresent()) {
                    if (found.isPresent()) {
                        throw error(path, "more than one of introduced, fixed, last_affected, limit");
                    }
                    if (version.get().isEmpty()) {
                        throw error(path + "." + field, "empty version");
                    }
                    found = Optional.of(new OsvEvent(kind, version.get()));
                }
            }
            return found.orElseThrow(() -> error(path, "none of introduced, fixed, last_affected, limit"));
        }

        private List<OsvSeverity> severities(JsonNode node, String path) {
            List<OsvSeverity> severities = new ArrayList<>();
            List<JsonNode> nodes = array(node, path, "severity");
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode entry = nodes.get(i);
                String at = path + "[" + i + "]";
                if (!entry.isObject()) {
                    throw error(at, "not an object");
                }
                severities.add(new OsvSeverity(requiredText(entry, at + ".type", "type"),
                        requiredText(entry, at + ".score", "score")));
            }
            return severities;
        }

        String requiredText(JsonNode node, String field) {
            return requiredText(node, field, field);
        }

        private String requiredText(JsonNode node, String path, String field) {
            return optionalText(node, path, field).filter(text -> !text.isBlank())
                    .orElseThrow(() -> error(path, "required"));
        }

        private Optional<String> optionalText(JsonNode node, String path, String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw error(path, "not a string");
            }
            return Optional.of(value.asText());
        }

        private Instant requiredTime(JsonNode node, String field) {
            return optionalTime(node, field).orElseThrow(() -> error(field, "required"));
        }

        /** OSV timestamps are RFC 3339 (e.g. {@code 2021-12-10T00:00:00Z}, fractions and offsets allowed). */
        private Optional<Instant> optionalTime(JsonNode node, String field) {
            return optionalText(node, field, field).map(text -> {
                try {
                    return Rfc3339.parse(text);
                } catch (DateTimeParseException e) {
                    throw error(field, "not an RFC 3339 timestamp: \"" + text + "\"");
                }
            });
        }

        private List<String> texts(JsonNode node, String field) {
            return texts(node, field, field);
        }

        private List<String> texts(JsonNode node, String path, String field) {
            List<String> texts = new ArrayList<>();
            List<JsonNode> nodes = array(node, path, field);
            for (int i = 0; i < nodes.size(); i++) {
                if (!nodes.get(i).isTextual()) {
                    throw error(path + "[" + i + "]", "not a string");
                }
                texts.add(nodes.get(i).asText());
            }
            return texts;
        }

        private List<JsonNode> array(JsonNode node, String path, String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw error(path, "not an array");
            }
            List<JsonNode> items = new ArrayList<>(value.size());
            value.forEach(items::add);
            return items;
        }

        PharosException error(String path, String problem) {
            String subject = id.map(known -> "OSV record " + known).orElse("OSV record");
            return new PharosException(PharosException.Kind.MALFORMED_INPUT, subject + ": " + path + ": " + problem);
        }
    }
}
