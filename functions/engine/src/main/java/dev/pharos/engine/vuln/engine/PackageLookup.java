package dev.pharos.engine.vuln.engine;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the inventory's packages again from what an engine reports about them. Several packages can share a purl
 * (the same jar at two paths) or a name and version; each of them is the vulnerable package, so lookups return all.
 */
final class PackageLookup {
    private final List<ImagePackage> packages;
    private final Map<String, List<ImagePackage>> byPurl;
    private final Map<String, List<ImagePackage>> byBasePurl;

    PackageLookup(Inventory inventory) {
        this.packages = inventory.packages();
        this.byPurl = group(PackageLookup::canonical);
        this.byBasePurl = group(PackageLookup::base);
    }

    /** The package at a position of the inventory, as engines that echo an id we chose report it. */
    Optional<ImagePackage> at(int index) {
        return index >= 0 && index < packages.size() ? Optional.of(packages.get(index)) : Optional.empty();
    }

    /**
     * Packages with this purl. purl-spec: a purl's canonical form sorts qualifiers and normalises encoding, so an
     * engine that re-serialises the purl still finds it; one that drops qualifiers ({@code arch}, {@code distro})
     * is matched on type, namespace, name and version.
     */
    List<ImagePackage> byPurl(String purl) {
        List<ImagePackage> exact = byPurl.getOrDefault(canonical(purl), List.of());
        return exact.isEmpty() ? byBasePurl.getOrDefault(base(purl), List.of()) : exact;
    }

    /** Packages with this name and version; {@code path} narrows them when the engine reports one. */
    List<ImagePackage> byNameVersion(String name, String version, String path) {
        return packages.stream()
                .filter(p -> p.pkg().name().equals(name) && p.pkg().version().equals(version))
                .filter(p -> path.isEmpty() || p.pkg().path().equals(path))
                .toList();
    }

    private Map<String, List<ImagePackage>> group(Function<String, String> key) {
        return packages.stream().collect(Collectors.groupingBy(p -> key.apply(p.pkg().purl())));
    }

    static String canonical(String purl) {
        try {
            return new PackageURL(purl).canonicalize();
        } catch (MalformedPackageURLException e) {
            return purl;
        }
    }

    private static String base(String purl) {
        try {
            PackageURL parsed = new PackageURL(purl);
            return new PackageURL(parsed.getType(), parsed.getNamespace(), parsed.getName(), parsed.getVersion(),
                    null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return purl;
        }
    }
}
