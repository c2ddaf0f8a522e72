package dev.pharos.engine.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.Unknown;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A CycloneDX JSON SBOM (1.2 to 1.6) as scan input instead of an image. Packages come from every component with a
 * purl of a supported type, nested components included; the OS from an {@code operating-system} component. What
 * cannot become a package (no purl, a purl type we cannot match) is listed as an {@link Unknown}, not dropped
 * silently. Our own properties ({@link SbomProperties}) restore layers, paths and source packages; a Debian purl's
 * {@code upstream} qualifier, which other tools write, names the source package too.
 */
public final class CycloneDxReader {
    private static final String ANALYSER = "cyclonedx";
    private static final Map<String, PackageType> BY_PURL_TYPE = Arrays.stream(PackageType.values())
            .collect(Collectors.toMap(PackageType::purlType, type -> type));

    private final long maxBytes;

    public CycloneDxReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Inventory read(byte[] json) {
        if (json.length > maxBytes) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                    "SBOM of " + json.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        Bom bom = parse(json);
        Component subject = bom.getMetadata() == null ? null : bom.getMetadata().getComponent();
        String name = subject == null || subject.getName() == null ? "sbom:" + bom.getSerialNumber()
                : subject.getName();
        List<String> layers = subject == null ? List.of() : values(subject, SbomProperties.LAYER);
        Optional<String> manifestDigest = subject == null ? Optional.empty()
                : values(subject, SbomProperties.MANIFEST_DIGEST).stream().findFirst();

        List<ImagePackage> packages = new ArrayList<>();
        List<Unknown> unknowns = new ArrayList<>();
        List<OsRelease> os = new ArrayList<>();
        collect(bom.getComponents(), packages, unknowns, os);
        return new Inventory(name, manifestDigest, layers, os.stream().findFirst(), packages, unknowns);
    }

    private static Bom parse(byte[] json) {
        checkFormat(json);
        JsonParser parser = new JsonParser();
        try {
            List<ParseException> errors = parser.validate(json);
            if (!errors.isEmpty()) {
                throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "not a valid CycloneDX JSON SBOM: "
                        + errors.stream().limit(3).map(ParseException::getMessage).toList());
            }
            return parser.parse(json);
        } catch (ParseException | IOException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "not a CycloneDX JSON SBOM: " + e.getMessage(), e);
        }
    }

    /** The two fields that say what a document is, checked first so a wrong kind of file gets a plain answer. */
    private static void checkFormat(byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "SBOM is not JSON: " + e.getMessage(), e);
        }
        String format = root == null ? null : root.path("bomFormat").textValue();
        if (!"CycloneDX".equals(format)) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "not a CycloneDX SBOM: bomFormat is " + (format == null ? "missing" : "'" + format + "'")
                            + ", expected 'CycloneDX' (only CycloneDX JSON is read)");
        }
        if (!root.path("specVersion").isTextual()) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "CycloneDX SBOM without specVersion");
        }
    }

    private static void collect(List<Component> components, List<ImagePackage> packages, List<Unknown> unknowns,
                                List<OsRelease> os) {
        if (components == null) {
            return;
        }
        for (Component component : components) {
            if (component.getType() == Component.Type.OPERATING_SYSTEM) {
                os.add(new OsRelease(component.getName(), Optional.ofNullable(component.getVersion()).orElse(""),
                        values(component, SbomProperties.OS_PRETTY_NAME).stream().findFirst()
                                .orElse(component.getName()),
                        values(component, SbomProperties.OSV_ECOSYSTEM).stream().findFirst()));
            } else if (component.getPurl() == null || component.getPurl().isBlank()) {
                unknowns.add(new Unknown(label(component), ANALYSER, "component has no purl"));
            } else {
                toPackage(component).ifPresentOrElse(packages::add, () -> unknowns.add(new Unknown(label(component),
                        ANALYSER, "purl type not supported for matching: " + component.getPurl())));
            }
            collect(component.getComponents(), packages, unknowns, os);
        }
    }

    private static Optional<ImagePackage> toPackage(Component component) {
        PackageURL purl;
        try {
            purl = new PackageURL(component.getPurl());
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
        PackageType type = BY_PURL_TYPE.get(purl.getType());
        if (type == null || purl.getVersion() == null) {
            return Optional.empty();
        }
        Optional<SourcePackage> source = values(component, SbomProperties.SOURCE_NAME).stream().findFirst()
                .map(sourceName -> new SourcePackage(sourceName, values(component, SbomProperties.SOURCE_VERSION)
                        .stream().findFirst().orElse(purl.getVersion())))
                .or(() -> upstream(type, purl));
        String path = values(component, SbomProperties.PATH).stream().findFirst().orElse("");
        FoundPackage pkg = new FoundPackage(type, ecosystemName(type, purl), purl.getVersion(), component.getPurl(),
                source, path);
        return Optional.of(new ImagePackage(pkg, values(component, SbomProperties.LAYER_DIGEST).stream().findFirst()));
    }

    /** The name as the ecosystem (and OSV) spells it, from the purl's namespace and name (purl-spec PURL-TYPES). */
    static String ecosystemName(PackageType type, PackageURL purl) {
        String namespace = purl.getNamespace();
        return switch (type) {
            case MAVEN -> namespace == null ? purl.getName() : namespace + ":" + purl.getName();
            case NPM, GOLANG -> namespace == null ? purl.getName() : namespace + "/" + purl.getName();
            case DEB, APK, RPM, PYPI -> purl.getName();
        };
    }

    /** {@code upstream=name} or {@code upstream=name@version} on OS purls, as some SBOM producers write it. */
    private static Optional<SourcePackage> upstream(PackageType type, PackageURL purl) {
        String upstream = purl.getQualifiers() == null ? null : purl.getQualifiers().get("upstream");
        if (!type.osPackage() || upstream == null || upstream.isBlank()) {
            return Optional.empty();
        }
        int at = upstream.indexOf('@');
        return Optional.of(at < 0 ? new SourcePackage(upstream, purl.getVersion())
                : new SourcePackage(upstream.substring(0, at), upstream.substring(at + 1)));
    }

    private static List<String> values(Component component, String name) {
        List<Property> properties = component.getProperties();
        return properties == null ? List.of() : properties.stream()
                .filter(property -> name.equals(property.getName()) && property.getValue() != null)
                .map(Property::getValue).toList();
    }

    private static String label(Component component) {
        return component.getName() + (component.getVersion() == null ? "" : "@" + component.getVersion());
    }
}
