package dev.pharos.engine.sbom;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An {@link Inventory} as a CycloneDX 1.6 JSON SBOM: the image as the metadata component, the OS as an
 * {@code operating-system} component, every package as a {@code library} with its purl and, as properties, the
 * layer and path it was found at and its source package. {@link CycloneDxReader} reads all of it back.
 */
public final class CycloneDxWriter {
    private final String toolVersion;

    public CycloneDxWriter(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    public byte[] write(Inventory inventory) {
        Bom bom = new Bom();
        // Derived from the subject and its content, so the same inventory always gets the same serial number.
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((inventory.subject() + "|"
                + inventory.manifestDigest().orElse("") + "|" + inventory.packages().size())
                .getBytes(StandardCharsets.UTF_8)));
        bom.setMetadata(metadata(inventory));
        List<Component> components = new ArrayList<>();
        inventory.os().map(CycloneDxWriter::operatingSystem).ifPresent(components::add);
        inventory.packages().forEach(pkg -> components.add(library(pkg)));
        bom.setComponents(components);
        try {
            return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed for " + inventory.subject(), e);
        }
    }

    private Metadata metadata(Inventory inventory) {
        Metadata metadata = new Metadata();
        metadata.setTimestamp(new Date());
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("pharos");
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        Component subject = new Component();
        subject.setType(Component.Type.CONTAINER);
        subject.setName(inventory.subject());
        subject.setBomRef("subject");
        List<Property> properties = new ArrayList<>();
        inventory.manifestDigest().ifPresent(digest -> {
            subject.setVersion(digest);
            properties.add(property(SbomProperties.MANIFEST_DIGEST, digest));
        });
        inventory.layers().forEach(layer -> properties.add(property(SbomProperties.LAYER, layer)));
        subject.setProperties(properties);
        metadata.setComponent(subject);
        return metadata;
    }

    private static Component operatingSystem(OsRelease os) {
        Component component = new Component();
        component.setType(Component.Type.OPERATING_SYSTEM);
        component.setBomRef("os");
        component.setName(os.id());
        component.setVersion(os.versionId());
        List<Property> properties = new ArrayList<>();
        properties.add(property(SbomProperties.OS_PRETTY_NAME, os.prettyName()));
        os.osvEcosystem().ifPresent(ecosystem -> properties.add(property(SbomProperties.OSV_ECOSYSTEM, ecosystem)));
        component.setProperties(properties);
        return component;
    }

    private static Component library(ImagePackage imagePackage) {
        FoundPackage pkg = imagePackage.pkg();
        Component component = new Component();
        component.setType(Component.Type.LIBRARY);
        component.setName(pkg.name());
        component.setVersion(pkg.version());
        component.setPurl(pkg.purl());
        component.setBomRef(pkg.purl() + "#" + imagePackage.layerDigest().orElse("") + ":" + pkg.path());
        List<Property> properties = new ArrayList<>();
        imagePackage.layerDigest().ifPresent(layer -> properties.add(property(SbomProperties.LAYER_DIGEST, layer)));
        properties.add(property(SbomProperties.PATH, pkg.path()));
        pkg.source().ifPresent(source -> {
            properties.add(property(SbomProperties.SOURCE_NAME, source.name()));
            properties.add(property(SbomProperties.SOURCE_VERSION, source.version()));
        });
        component.setProperties(properties);
        return component;
    }

    private static Property property(String name, String value) {
        Property property = new Property();
        property.setName(name);
        property.setValue(value);
        return property;
    }
}
