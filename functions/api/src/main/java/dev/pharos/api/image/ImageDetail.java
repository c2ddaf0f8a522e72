package dev.pharos.api.image;

import java.util.List;

/**
 * One image with its packages and findings ({@code GET /api/v1/images/{digest}}).
 *
 * @param layers   the layer digests, bottom first
 * @param findings open findings, most severe first; resolved ones too with {@code ?include=resolved}
 */
public record ImageDetail(ImageSummary image, List<String> layers, List<PackageView> packages,
                          List<FindingView> findings) {
}
