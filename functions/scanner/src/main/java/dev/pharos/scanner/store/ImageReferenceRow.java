package dev.pharos.scanner.store;

/** A repository and tag an image was pushed or requested as ({@code tag} null for a push by digest). */
public record ImageReferenceRow(String registry, String repository, String tag) {
}
