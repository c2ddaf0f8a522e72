package dev.pharos.engine.catalog;

/**
 * A file a cataloger wanted but could not turn into packages, kept in the result so a user can see what the scan
 * could not see (a corrupt status file, an unsupported BerkeleyDB rpmdb) instead of a silently short inventory.
 */
public record Unknown(String path, String cataloger, String reason) {
}
