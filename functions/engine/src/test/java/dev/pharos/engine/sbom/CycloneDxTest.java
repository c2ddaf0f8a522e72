package dev.pharos.engine.sbom;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.Unknown;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CycloneDxTest {
    private static final String BASE = "sha256:" + "1".repeat(64);
    private static final String APP = "sha256:" + "2".repeat(64);

    private static Inventory inventory() {
        FoundPackage libc = new FoundPackage(PackageType.DEB, "libc6", "2.31-13+deb11u5",
                "pkg:deb/debian/libc6@2.31-13%2Bdeb11u5?arch=amd64&distro=debian-11",
                Optional.of(new SourcePackage("glibc", "2.31-13+deb11u5")), "var/lib/dpkg/status");
        FoundPackage log4j = new FoundPackage(PackageType.MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", Optional.empty(),
                "app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        return new Inventory("registry.example/team/app:1.0", Optional.of("sha256:" + "a".repeat(64)),
                List.of(BASE, APP), Optional.of(new OsRelease("debian", "11", "Debian GNU/Linux 11 (bullseye)",
                Optional.of("Debian:11"))),
                List.of(new ImagePackage(libc, Optional.of(BASE)), new ImagePackage(log4j, Optional.of(APP))),
                List.of());
    }

    @Test
    void writtenSbomIsValidCycloneDx16AndReadsBackToTheSameInventory() throws IOException {
        byte[] sbom = new CycloneDxWriter("test").write(inventory());

        assertThat(new JsonParser().validate(sbom, Version.VERSION_16)).isEmpty();
        assertThat(new String(sbom, StandardCharsets.UTF_8)).contains("\"specVersion\" : \"1.6\"");
        assertThat(new CycloneDxReader(1 << 20).read(sbom)).isEqualTo(inventory());
    }

    @Test
    void anotherProducersSbomGivesPackagesFromNestedComponentsAndNamesWhatItCannotUse() throws IOException {
        Inventory read = new CycloneDxReader(1 << 20).read(resource("sbom/other-producer.cdx.json"));

        assertThat(read.subject()).isEqualTo("registry.example/team/app");
        assertThat(read.os()).map(OsRelease::id).contains("debian");
        assertThat(read.packages()).extracting(p -> p.pkg().type() + " " + p.pkg().name() + " " + p.pkg().version())
                .containsExactlyInAnyOrder(
                        "DEB libc6 2.31-13+deb11u5",
                        "MAVEN com.example:app 1.0.0",
                        "MAVEN org.apache.logging.log4j:log4j-core 2.14.1",
                        "NPM @babel/core 7.24.7",
                        "GOLANG golang.org/x/text v0.3.7");
        assertThat(read.packages()).filteredOn(p -> p.pkg().name().equals("libc6")).singleElement()
                .satisfies(p -> assertThat(p.pkg().source()).contains(new SourcePackage("glibc", "2.31-13+deb11u5")));
        assertThat(read.unknowns()).extracting(Unknown::path)
                .containsExactlyInAnyOrder("rails@7.0.0", "vendored-thing@3");
    }

    @Test
    void badInputGetsSpecificErrors() {
        CycloneDxReader reader = new CycloneDxReader(1 << 20);
        assertThatThrownBy(() -> reader.read("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT));
        assertThatThrownBy(() -> reader.read("{\"bomFormat\":\"SPDX\",\"specVersion\":\"1.6\"}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
                    assertThat(e.getMessage()).contains("bomFormat");
                });
        assertThatThrownBy(() -> new CycloneDxReader(10).read(new CycloneDxWriter("t").write(inventory())))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CycloneDxTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
