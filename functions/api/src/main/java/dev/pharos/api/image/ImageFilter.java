package dev.pharos.api.image;

import java.util.Optional;

/**
 * The filters of {@code GET /api/v1/images}; each one narrows the listing.
 *
 * @param severity      images with at least one open finding of this severity or above
 * @param vulnerability images with an open finding of this id or alias
 */
public record ImageFilter(Optional<String> registry, Optional<String> repository, Optional<SeverityLevel> severity,
                          Optional<String> vulnerability) {
}
