package dev.pharos.engine.realdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The expected packages, each from a tool that is not ours:
 * <ul>
 *   <li>dpkg: {@code catalog/dpkg/real.dpkg-query.tsv}, written by {@code dpkg-query -W} over the same status file
 *       (columns Package, Version, source:Package, source:Version, Architecture, db:Status-Abbrev, Status);</li>
 *   <li>npm: the hidden lockfile {@code node_modules/.package-lock.json} that npm itself wrote into the install
 *       (where each installed package lives), checked here against {@code npm ls --all --json}
 *       ({@code catalog/npm/happy.npm-ls.json}, what is installed);</li>
 *   <li>Maven: {@code realdata/app.maven-coordinates.tsv}, the coordinates the pom resolves the three jars by and
 *       the application's own pom.properties.</li>
 * </ul>
 */
final class Oracles {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DPKG_STATUS = "var/lib/dpkg/status";

    private Oracles() {
    }

    /** Installed packages (dpkg(1) package states: third Status word "installed"), purls for {@code distro}. */
    static List<FoundPackage> dpkg(String distro) {
        List<FoundPackage> packages = new ArrayList<>();
        for (String line : lines(resource("catalog/dpkg/real.dpkg-query.tsv"))) {
            String[] row = line.split("\t");
            if (!row[6].endsWith(" installed")) {
                continue;
            }
            String purl = purl(PackageURLBuilder.aPackageURL().withType("deb").withNamespace("debian")
                    .withName(row[0]).withVersion(row[1]).withQualifier("arch", row[4])
                    .withQualifier("distro", distro));
            packages.add(new FoundPackage(PackageType.DEB, row[0], row[1], purl,
                    Optional.of(new SourcePackage(row[2], row[3])), DPKG_STATUS));
        }
        return packages;
    }

    /** Every package npm installed under {@code directory}/node_modules, at its manifest's path. */
    static List<FoundPackage> npm(String directory) {
        JsonNode hidden = read(resource("catalog/npm/happy/usr/src/app/node_modules/.package-lock.json"));
        List<FoundPackage> packages = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : hidden.path("packages").properties()) {
            String location = entry.getKey();
            String name = location.substring(location.lastIndexOf("node_modules/") + "node_modules/".length());
            String version = entry.getValue().path("version").asText();
            int slash = name.indexOf('/');
            PackageURLBuilder purl = PackageURLBuilder.aPackageURL().withType("npm").withVersion(version);
            if (name.startsWith("@")) {
                purl.withNamespace(name.substring(0, slash)).withName(name.substring(slash + 1));
            } else {
                purl.withName(name);
            }
            packages.add(new FoundPackage(PackageType.NPM, name, version, purl(purl), Optional.empty(),
                    directory + "/" + location + "/package.json"));
        }
        Set<String> listed = new HashSet<>();
        flatten(read(resource("catalog/npm/happy.npm-ls.json")).path("dependencies"), listed);
        Set<String> located = new HashSet<>();
        packages.forEach(pkg -> located.add(pkg.name() + "@" + pkg.version()));
        if (!located.equals(listed) || packages.size() != listed.size()) {
            throw new IllegalStateException("npm's hidden lockfile " + located + " disagrees with npm ls " + listed);
        }
        return packages;
    }

    /** The Maven packages of the fat jar: the application itself and each jar of BOOT-INF/lib. */
    static List<FoundPackage> maven() {
        List<FoundPackage> packages = new ArrayList<>();
        List<String> rows = lines(resource("realdata/app.maven-coordinates.tsv"));
        for (String line : rows.subList(1, rows.size())) {
            String[] row = line.split("\t");
            String purl = purl(PackageURLBuilder.aPackageURL().withType("maven").withNamespace(row[1])
                    .withName(row[2]).withVersion(row[3]));
            packages.add(new FoundPackage(PackageType.MAVEN, row[1] + ":" + row[2], row[3], purl, Optional.empty(),
                    row[0]));
        }
        return packages;
    }

    static Path resource(String name) {
        var url = Oracles.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flatten(JsonNode dependencies, Set<String> into) {
        for (Map.Entry<String, JsonNode> dependency : dependencies.properties()) {
            into.add(dependency.getKey() + "@" + dependency.getValue().path("version").asText());
            flatten(dependency.getValue().path("dependencies"), into);
        }
    }

    private static String purl(PackageURLBuilder builder) {
        try {
            return builder.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
