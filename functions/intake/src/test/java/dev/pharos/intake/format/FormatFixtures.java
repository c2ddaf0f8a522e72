package dev.pharos.intake.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.PharosEvents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Webhook fixtures and golden files for the format tests. A scenario is {@code webhooks/<kind>/<scenario>.json}, the
 * body as the sender posts it, with {@code <scenario>.headers.properties} holding the request headers where they
 * matter (Content-Type defaults to application/json) and {@code <scenario>.expected.json} the parse result: the
 * ignored count and each notice as sender id, event type and payload (serialised with {@link PharosEvents#MAPPER}),
 * compared ignoring array order. Run with {@code -Dpharos.goldens=update} to rewrite the golden files, then review
 * the diff.
 */
public final class FormatFixtures {
    /** Receipt time of every fixture delivery, so notices stamped with it are deterministic. */
    public static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");

    private static final ObjectMapper PRINTER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path SOURCES = Path.of("src", "test", "resources");

    private FormatFixtures() {
    }

    public static WebhookRequest request(String kind, String scenario) {
        Map<String, String> headers = new HashMap<>();
        resource(kind, scenario + ".headers.properties").ifPresent(bytes -> {
            Properties properties = new Properties();
            try {
                properties.load(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.forEach((name, value) -> headers.put(name.toString().toLowerCase(Locale.ROOT),
                    value.toString()));
        });
        byte[] body = resource(kind, scenario + ".json")
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + kind + "/" + scenario + ".json"));
        String contentType = headers.computeIfAbsent("content-type", name -> "application/json");
        return new WebhookRequest(kind, mediaType(contentType), Map.copyOf(headers), body, RECEIVED_AT,
                Optional.empty());
    }

    public static WebhookRequest withBody(WebhookRequest request, String body) {
        return new WebhookRequest(request.endpoint(), request.contentType(), request.headers(),
                body.getBytes(StandardCharsets.UTF_8), request.receivedAt(), request.registryHint());
    }

    /** The request with its JSON body edited: the way malformed cases are made from a real delivery. */
    public static WebhookRequest withJson(WebhookRequest request, Consumer<ObjectNode> edit) {
        try {
            ObjectNode body = (ObjectNode) PRINTER.readTree(request.body());
            edit.accept(body);
            return withBody(request, PRINTER.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request with a header set, or removed when {@code value} is null; Content-Type also sets the type. */
    public static WebhookRequest withHeader(WebhookRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        String key = name.toLowerCase(Locale.ROOT);
        if (value == null) {
            headers.remove(key);
        } else {
            headers.put(key, value);
        }
        String contentType = key.equals("content-type") ? mediaType(value == null ? "" : value)
                : request.contentType();
        return new WebhookRequest(request.endpoint(), contentType, Map.copyOf(headers), request.body(),
                request.receivedAt(), request.registryHint());
    }

    public static WebhookRequest withHint(WebhookRequest request, String registryHint) {
        return new WebhookRequest(request.endpoint(), request.contentType(), request.headers(), request.body(),
                request.receivedAt(), Optional.of(registryHint));
    }

    /** Parses the scenario and compares the result with its golden file. */
    public static ParsedDelivery assertGolden(WebhookFormat format, String kind, String scenario) {
        return assertGolden(format, request(kind, scenario), kind, scenario);
    }

    public static ParsedDelivery assertGolden(WebhookFormat format, WebhookRequest request, String kind,
                                              String golden) {
        ParsedDelivery parsed = format.parse(request);
        String actual = print(canonical(serialise(parsed)));
        String file = golden + ".expected.json";
        if ("update".equals(System.getProperty("pharos.goldens"))) {
            write(SOURCES.resolve("webhooks").resolve(kind).resolve(file), actual);
            return parsed;
        }
        byte[] expected = resource(kind, file)
                .orElseThrow(() -> new AssertionError("no golden file " + kind + "/" + file + "; actual:\n" + actual));
        assertThat(actual).as(kind + "/" + file).isEqualTo(print(canonical(read(expected))));
        return parsed;
    }

    /** The parse fails with {@code kind} and a message containing every fragment (the field it names). */
    public static void assertRejected(WebhookFormat format, WebhookRequest request, PharosException.Kind kind,
                                      String... fragments) {
        assertThatThrownBy(() -> format.parse(request))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(fragments);
                });
    }

    public static JsonNode serialise(ParsedDelivery parsed) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("ignored", parsed.ignored());
        ArrayNode notices = root.putArray("notices");
        for (RegistryNotice notice : parsed.notices()) {
            ObjectNode entry = notices.addObject();
            entry.put("senderId", notice.senderId().orElse(null));
            entry.put("type", notice.event().eventType());
            entry.set("event", PharosEvents.MAPPER.valueToTree(notice.event()));
        }
        return root;
    }

    /** Object keys sorted, array elements sorted by their canonical text: equal when equal ignoring array order. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), canonical(field.getValue())));
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            fields.forEach(sorted::set);
            return sorted;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            items.sort(Comparator.comparing(JsonNode::toString));
            return JsonNodeFactory.instance.arrayNode().addAll(items);
        }
        return node;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<byte[]> resource(String kind, String file) {
        try (InputStream in = FormatFixtures.class.getResourceAsStream("/webhooks/" + kind + "/" + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return PRINTER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String print(JsonNode node) {
        try {
            return PRINTER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, String content) {
        try {
            Files.writeString(path, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
