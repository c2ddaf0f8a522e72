package dev.pharos.core.event;

/** Open findings of one image by severity (CVSS qualitative ratings; {@code unknown} when nothing rated them). */
public record SeverityCounts(int critical, int high, int medium, int low, int none, int unknown) {
    public static final SeverityCounts ZERO = new SeverityCounts(0, 0, 0, 0, 0, 0);

    public int total() {
        return critical + high + medium + low + none + unknown;
    }
}
