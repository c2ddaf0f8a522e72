package dev.pharos.engine.catalog.java;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The groupId inference on entry names alone; the real jars are in {@link JavaCatalogerTest}. */
class PackageLayoutTest {

    @Test
    void theArtifactsLastWordOrWholeNameIsItsOwnPackage() {
        assertThat(layout("org/yaml/snakeyaml/Yaml.class").groupOf("snakeyaml", Optional.empty()))
                .contains("org.yaml");
        assertThat(layout("org/apache/commons/lang3/StringUtils.class").groupOf("Commons-Lang3", Optional.empty()))
                .contains("org.apache.commons");
        // the layout gives the package's parent: right for most projects, not for jackson's ".core" group (a known
        // miss, reachable only by a jackson jar stripped of its pom.properties and its OSGi manifest)
        assertThat(layout("com/fasterxml/jackson/databind/ObjectMapper.class")
                .groupOf("jackson-databind", Optional.empty())).contains("com.fasterxml.jackson");
    }

    @Test
    void theDeepestMatchingRootWins() {
        // both org.acme.core and org.acme.core.impl.core hold every class; the deeper one is the artifact's own
        assertThat(layout("org/acme/core/impl/core/A.class", "org/acme/core/impl/core/B.class")
                .groupOf("acme-core", Optional.empty())).contains("org.acme.core.impl");
    }

    @Test
    void springBootAndWarClassDirectoriesAreTheArchivesOwnClasses() {
        assertThat(layout("BOOT-INF/classes/com/example/demo/App.class", "BOOT-INF/lib/x.txt")
                .groupOf("demo", Optional.empty())).contains("com.example");
        assertThat(layout("WEB-INF/classes/com/example/shop/Cart.class").groupOf("shop", Optional.empty()))
                .contains("com.example");
    }

    @Test
    void theModuleNameHintNeedsTheSubpackageInTheArchive() {
        var layout = layout("org/acme/core/A.class", "org/acme/util/B.class", "org/acme/util/C.class",
                "org/acme/asm/D.class");
        assertThat(layout.groupOf("acme-core", Optional.empty())).isEmpty();
        assertThat(layout.groupOf("acme-core", Optional.of("acme.core"))).contains("org.acme");
        // the hint must name the artifact's last word, and a package that is there
        assertThat(layout.groupOf("acme-core", Optional.of("acme.util"))).isEmpty();
        assertThat(layout.groupOf("acme-io", Optional.of("acme.io"))).isEmpty();
    }

    @Test
    void nothingWithoutClasses() {
        assertThat(layout("META-INF/MANIFEST.MF", "META-INF/versions/9/org/acme/io/A.class", "module-info.class")
                .groupOf("acme-io", Optional.of("org.acme.io"))).isEmpty();
    }

    private static PackageLayout layout(String... entryNames) {
        var layout = new PackageLayout();
        for (String name : entryNames) {
            layout.add(name);
        }
        return layout;
    }
}
