package dev.pharos.engine.catalog.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.FoundPackage;

import java.io.IOException;
import java.util.List;

/**
 * An installed package's own {@code package.json}: its {@code name} and {@code version} (npm docs, package.json:
 * both required of a published package). The name is the package.json's, not the folder's: a package installed
 * under an alias ({@code "foo": "npm:bar@1"}) sits in {@code node_modules/foo} but is {@code bar}.
 */
final class PackageJsonParser {
    private PackageJsonParser() {
    }

    static List<FoundPackage> parse(String path, byte[] content) throws IOException {
        JsonNode manifest = NpmJson.object(path, content);
        String name = NpmJson.text(manifest, "name")
                .orElseThrow(() -> new CatalogException(path + " has no \"name\""));
        String version = NpmJson.text(manifest, "version")
                .orElseThrow(() -> new CatalogException(path + " has no \"version\""));
        return List.of(NpmPackages.of(name, version, path));
    }
}
