package dev.pharos.engine.catalog;

/** Content that was read fine but is not valid for the cataloger's format; the file becomes an {@link Unknown}. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
