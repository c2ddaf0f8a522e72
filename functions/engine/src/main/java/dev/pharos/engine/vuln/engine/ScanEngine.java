package dev.pharos.engine.vuln.engine;

import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.vuln.Finding;

import java.util.List;

/**
 * Matches an image's inventory against a vulnerability database. The native matcher is the default; Trivy server
 * ({@link TrivyServerEngine}) and Grype ({@link GrypeEngine}) are optional engines that produce the same findings,
 * each reported on the {@link dev.pharos.engine.analysis.ImagePackage} of the inventory it was given.
 *
 * <p>Failures are {@link dev.pharos.core.error.PharosException}s naming the engine: {@code UNAVAILABLE} when trying
 * again later may succeed (connection refused, 5xx, timeout), {@code INVALID_CONFIG} when our configuration is wrong
 * (bad token, no executable), {@code INTERNAL} / {@code UNSUPPORTED} when the engine's answer cannot be used, and
 * {@code LIMIT_EXCEEDED} when a request or an answer exceeds its configured size.
 */
public interface ScanEngine {
    /** A short stable name, used in error messages and recorded with the findings. */
    String name();

    /** One finding per vulnerability per package; empty when nothing is vulnerable. */
    List<Finding> scan(Inventory inventory);
}
