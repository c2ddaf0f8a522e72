package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our inventory as one Trivy cache {@code BlobInfo} (Trivy {@code rpc/cache/service.proto}, message types in
 * {@code rpc/common/service.proto}), the layer Trivy's server scans instead of analysing an image itself. Field names
 * are the proto field names, which is what Twirp's JSON encoding (protojson) reads.
 *
 * <p>Trivy's server merges a blob's package lists keyed by file path (OS packages) and by file path and type
 * (applications), so packages are grouped that way here: two groups with one key would replace each other. Every
 * package gets an {@code id} naming its position in the inventory; Trivy copies it into each vulnerability's
 * {@code pkg_id}, which is how findings find their package again.
 */
final class TrivyBlob {
    /** fanal {@code BlobJSONSchemaVersion}; the server treats a blob with schema version 0 as missing. */
    static final int SCHEMA_VERSION = 2;
    static final String ID_PREFIX = "pharos-pkg-";

    private TrivyBlob() {
    }

    static ObjectNode of(Inventory inventory, ObjectMapper json, String engine) {
        ObjectNode blob = json.createObjectNode();
        blob.put("schema_version", SCHEMA_VERSION);
        Map<String, ArrayNode> osGroups = new LinkedHashMap<>();
        Map<List<String>, ArrayNode> appGroups = new LinkedHashMap<>();
        List<ImagePackage> packages = inventory.packages();
        for (int i = 0; i < packages.size(); i++) {
            FoundPackage pkg = packages.get(i).pkg();
            ObjectNode node = pkg.type().osPackage() ? osPackage(json, pkg) : appPackage(json, pkg);
            node.put("id", ID_PREFIX + i);
            node.putObject("identifier").put("purl", pkg.purl());
            if (pkg.type().osPackage()) {
                osGroups.computeIfAbsent(pkg.path(), path -> json.createArrayNode()).add(node);
            } else {
                appGroups.computeIfAbsent(List.of(applicationType(pkg.type()), pkg.path()),
                        key -> json.createArrayNode()).add(node);
            }
        }
        os(inventory.os(), !osGroups.isEmpty(), engine).ifPresent(family -> blob.putObject("os")
                .put("family", family).put("name", inventory.os().map(OsRelease::versionId).orElse("")));
        ArrayNode packageInfos = blob.putArray("package_infos");
        osGroups.forEach((path, list) -> packageInfos.addObject().put("file_path", path).set("packages", list));
        ArrayNode applications = blob.putArray("applications");
        // Older servers name an application's packages "libraries" (same field number); Twirp's JSON decoding
        // ignores the name a server does not know, so both are sent.
        appGroups.forEach((key, list) -> {
            ObjectNode application = applications.addObject().put("type", key.get(0)).put("file_path", key.get(1));
            application.set("packages", list);
            application.set("libraries", list.deepCopy());
        });
        return blob;
    }

    /**
     * Trivy matches OS packages only under a detected OS family. Sending them without one would return no findings
     * for them and look like a clean image, so that is refused; without OS packages the OS is only context.
     */
    private static Optional<String> os(Optional<OsRelease> os, boolean hasOsPackages, String engine) {
        Optional<String> family = os.flatMap(release -> TrivyOsFamily.of(release.id()));
        if (family.isEmpty() && hasOsPackages) {
            throw EngineFailure.of(PharosException.Kind.UNSUPPORTED, engine, os.map(release ->
                    "Trivy has no OS family for os-release ID '" + release.id() + "'").orElse(
                    "the image has OS packages but no identified OS") + ", so its OS packages cannot be matched");
        }
        return family;
    }

    /** fanal {@code types.Package} for an OS package: the binary package and the source it was built from. */
    private static ObjectNode osPackage(ObjectMapper json, FoundPackage pkg) {
        ObjectNode node = json.createObjectNode();
        TrivyVersion version = TrivyVersion.of(pkg.type(), pkg.version());
        node.put("name", pkg.name()).put("version", version.version()).put("release", version.release())
                .put("epoch", version.epoch());
        arch(pkg.purl()).ifPresent(arch -> node.put("arch", arch));
        // Every OS cataloger names a source; a package is its own source otherwise (Debian Policy 5.6.1).
        String sourceName = pkg.source().map(SourcePackage::name).orElse(pkg.name());
        TrivyVersion source = TrivyVersion.of(pkg.type(), pkg.source().map(SourcePackage::version).orElse(pkg.version()));
        node.put("src_name", sourceName).put("src_version", source.version()).put("src_release", source.release())
                .put("src_epoch", source.epoch());
        return node;
    }

    private static ObjectNode appPackage(ObjectMapper json, FoundPackage pkg) {
        ObjectNode node = json.createObjectNode();
        node.put("name", pkg.name()).put("version", pkg.version()).put("file_path", pkg.path());
        return node;
    }

    /**
     * fanal {@code types.LangType} of the analyzer that reads what our cataloger reads: installed jars, installed
     * {@code node_modules} packages, installed Python distributions, Go binaries' build info. Trivy chooses the
     * advisory ecosystem by this type.
     */
    static String applicationType(PackageType type) {
        return switch (type) {
            case MAVEN -> "jar";
            case NPM -> "node-pkg";
            case PYPI -> "python-pkg";
            case GOLANG -> "gobinary";
            case DEB, APK, RPM -> throw new IllegalArgumentException(type + " is an OS package type");
        };
    }

    /** purl-spec PURL-TYPES: deb, apk and rpm purls carry the architecture as the {@code arch} qualifier. */
    private static Optional<String> arch(String purl) {
        try {
            Map<String, String> qualifiers = new PackageURL(purl).getQualifiers();
            return Optional.ofNullable(qualifiers == null ? null : qualifiers.get("arch"));
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
    }
}
