package dev.pharos.engine.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.pharos.engine.ScanLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a cataloger over a fixture tree laid out like the real image ({@code src/test/resources/catalog/<cataloger>/
 * <scenario>/<real path>}) and compares the result with a golden file, ignoring order.
 */
public final class CatalogFixtures {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private CatalogFixtures() {
    }

    /** {@code src/test/resources/catalog/<cataloger>/<scenario>}. */
    public static Path scenario(String cataloger, String scenario) {
        try {
            var url = CatalogFixtures.class.getResource("/catalog/" + cataloger + "/" + scenario);
            if (url == null) {
                throw new IllegalArgumentException("no fixture catalog/" + cataloger + "/" + scenario);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code root} that the cataloger wants, as relative entries, in path order. */
    public static List<FileEntry> wanted(Cataloger cataloger, Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> entry(root, file))
                    .filter(cataloger::wants)
                    .sorted(Comparator.comparing(FileEntry::path))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every wanted file under {@code root}, like the walker would, failures recorded as unknowns. */
    public static Result catalog(Cataloger cataloger, Path root) {
        List<FoundPackage> packages = new ArrayList<>();
        List<OsRelease> os = new ArrayList<>();
        List<Unknown> unknowns = new ArrayList<>();
        for (FileEntry entry : wanted(cataloger, root)) {
            try (SpooledContent content = SpooledContent.ofFile(root.resolve(entry.path()))) {
                Catalogued found = cataloger.parse(entry, content, ScanLimits.defaults());
                packages.addAll(found.packages());
                found.os().ifPresent(os::add);
                unknowns.addAll(found.unknowns());
            } catch (IOException | CatalogException e) {
                unknowns.add(new Unknown(entry.path(), cataloger.name(), e.getMessage()));
            }
        }
        return new Result(packages, os, unknowns);
    }

    /** A cataloger's output over a fixture tree. */
    public record Result(List<FoundPackage> packages, List<OsRelease> os, List<Unknown> unknowns) {
    }

    /**
     * Asserts {@code actual} equals the golden JSON file {@code src/test/resources/<golden>} ignoring array order.
     * With {@code -Dpharos.golden.write=true} the golden is (re)written instead: review the diff before committing.
     */
    public static void assertGolden(Object actual, String golden) {
        try {
            JsonNode actualTree = JSON.valueToTree(actual);
            Path source = Path.of("src/test/resources").resolve(golden);
            if (Boolean.getBoolean("pharos.golden.write")) {
                Files.createDirectories(source.getParent());
                JSON.writeValue(source.toFile(), actualTree);
                return;
            }
            JsonNode expected = JSON.readTree(source.toFile());
            assertThat(normalize(actualTree)).as("golden " + golden).isEqualTo(normalize(expected));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sorts every array by its elements' JSON text, recursively, so order does not matter. */
    private static JsonNode normalize(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(normalize(item)));
            items.sort(Comparator.comparing(JsonNode::toString));
            return JSON.createArrayNode().addAll(items);
        }
        if (node.isObject()) {
            var copy = JSON.createObjectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), normalize(field.getValue())));
            return copy;
        }
        return node;
    }

    private static FileEntry entry(Path root, Path file) {
        try {
            boolean executable = Files.isExecutable(file);
            return new FileEntry(root.relativize(file).toString().replace('\\', '/'), Files.size(file),
                    executable ? 0755 : 0644);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
