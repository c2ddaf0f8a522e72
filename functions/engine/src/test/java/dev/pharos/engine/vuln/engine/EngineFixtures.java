package dev.pharos.engine.vuln.engine;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The inventory both engines' tests scan: Debian 12 with three dpkg packages (one with an epoch, one native package
 * without a Debian revision), two Maven jars (one nested in a fat jar) and one npm package, as the catalogers would
 * report them. Positions matter: the Trivy engine names packages by position ({@code pharos-pkg-<n>}).
 */
final class EngineFixtures {
    static final String BASE = "sha256:" + "1".repeat(64);
    static final String APP = "sha256:" + "2".repeat(64);
    static final String STATUS = "var/lib/dpkg/status";

    static final ImagePackage LIBSSL = deb("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2",
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
    static final ImagePackage LOGIN = deb("login", "1:4.13+dfsg1-1+b1", "shadow", "1:4.13+dfsg1-1",
            "pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12");
    static final ImagePackage BASE_FILES = deb("base-files", "12.4+deb12u5", "base-files", "12.4+deb12u5",
            "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12");
    static final ImagePackage LOG4J = app(PackageType.MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "app/lib/log4j-core-2.14.1.jar");
    static final ImagePackage JACKSON = app(PackageType.MAVEN, "com.fasterxml.jackson.core:jackson-databind",
            "2.9.10.1", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1",
            "app/app.jar!/BOOT-INF/lib/jackson-databind-2.9.10.1.jar");
    static final ImagePackage LODASH = app(PackageType.NPM, "lodash", "4.17.20", "pkg:npm/lodash@4.17.20",
            "app/node_modules/lodash/package.json");

    private EngineFixtures() {
    }

    static Inventory inventory() {
        return new Inventory("registry.example/team/app:1.0", Optional.of("sha256:" + "a".repeat(64)),
                List.of(BASE, APP), Optional.of(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)",
                Optional.of("Debian:12"))),
                List.of(LIBSSL, LOGIN, BASE_FILES, LOG4J, JACKSON, LODASH), List.of());
    }

    static String resource(String path) {
        try (InputStream in = EngineFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImagePackage deb(String name, String version, String source, String sourceVersion, String purl) {
        return new ImagePackage(new FoundPackage(PackageType.DEB, name, version, purl,
                Optional.of(new SourcePackage(source, sourceVersion)), STATUS), Optional.of(BASE));
    }

    private static ImagePackage app(PackageType type, String name, String version, String purl, String path) {
        return new ImagePackage(new FoundPackage(type, name, version, purl, Optional.empty(), path),
                Optional.of(APP));
    }
}
