package dev.pharos.api.image;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A package of an image, as catalogued.
 *
 * @param path          the file it was read from ({@code outer.war!/WEB-INF/lib/inner.jar} inside archives)
 * @param layer         the digest of the layer that file came from
 * @param sourceName    the OS source package it was built from, through which OS advisories match it
 */
public record PackageView(String type, String name, String version, String purl, String path, String layer,
                          String sourceName, String sourceVersion) {
    static final String COLUMNS = "type, name, version, purl, path, layer_digest, source_name, source_version";

    static PackageView of(Row row) {
        return new PackageView(row.getString("type"), row.getString("name"), row.getString("version"),
                row.getString("purl"), row.getString("path"), row.getString("layer_digest"),
                row.getString("source_name"), row.getString("source_version"));
    }
}
