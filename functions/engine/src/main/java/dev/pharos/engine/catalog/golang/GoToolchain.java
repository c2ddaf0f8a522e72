package dev.pharos.engine.catalog.golang;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go toolchain a binary was built with, as the pseudo-module {@code stdlib} that the Go vulnerability database
 * and OSV use for the standard library, with Go's release tags turned into semantic versions the way
 * {@code golang.org/x/vuln} does: {@code go1.21.5} is {@code v1.21.5}, {@code go1.20} is {@code v1.20.0},
 * {@code go1.21rc2} is {@code v1.21.0-rc.2}.
 */
final class GoToolchain {
    static final String STDLIB = "stdlib";

    private static final Pattern RELEASE_TAG =
            Pattern.compile("go(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    private GoToolchain() {
    }

    /**
     * The semantic version of a build info version string; empty for development toolchains ({@code devel
     * go1.22-abc123}) and anything that is not a release tag. Experiment suffixes ({@code go1.22.0 X:boringcrypto})
     * do not change the standard library's version.
     */
    static Optional<String> semver(String goVersion) {
        String tag = goVersion.strip().split("\\s+", 2)[0];
        Matcher release = RELEASE_TAG.matcher(tag);
        if (!release.matches()) {
            return Optional.empty();
        }
        String patch = release.group(3) == null ? "0" : release.group(3);
        String pre = release.group(4) == null ? "" : "-" + release.group(4) + "." + release.group(5);
        return Optional.of("v" + release.group(1) + "." + release.group(2) + "." + patch + pre);
    }
}
