package dev.pharos.engine.layer;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EntryPathsTest {
    @Test
    void leadingSlashesDotsAndDoubleSlashesAreNormalisedAway() {
        assertThat(EntryPaths.normalise("/etc/os-release").path()).contains("etc/os-release");
        assertThat(EntryPaths.normalise("./usr//lib/./x/").path()).contains("usr/lib/x");
        assertThat(EntryPaths.normalise("./").path()).contains("");
    }

    @Test
    void dotDotSegmentsAndUnusableNamesAreRejectedNotResolved() {
        assertThat(EntryPaths.normalise("../etc/passwd").rejected()).contains(SkippedEntry.Reason.PATH_TRAVERSAL);
        assertThat(EntryPaths.normalise("usr/../../etc/passwd").rejected())
                .contains(SkippedEntry.Reason.PATH_TRAVERSAL);
        // Even a harmless-looking ".." that stays inside is refused: honest layers never need one.
        assertThat(EntryPaths.normalise("usr/lib/../bin/sh").path()).isEqualTo(Optional.empty());
        assertThat(EntryPaths.normalise("a\\..\\b").rejected()).contains(SkippedEntry.Reason.UNUSABLE_NAME);
        // "..." is a legal file name, not a traversal.
        assertThat(EntryPaths.normalise("tmp/...").path()).contains("tmp/...");
    }

    @Test
    void symlinkTargetsResolveFromTheLinkDirectoryAndAbsoluteOnesFromTheRoot() {
        assertThat(EntryPaths.staysInside("lib", "usr/lib", true)).isTrue();
        assertThat(EntryPaths.staysInside("usr/bin/python", "../lib/python3", true)).isTrue();
        assertThat(EntryPaths.staysInside("etc/alternatives/java", "/usr/lib/jvm/bin/java", true)).isTrue();
        assertThat(EntryPaths.staysInside("etc/x", "../../etc/shadow", true)).isFalse();
        assertThat(EntryPaths.staysInside("x", "/../../host", true)).isFalse();
        // Hard link targets are archive names, relative to the root, not to the link's directory.
        assertThat(EntryPaths.staysInside("a/b/c", "../x", false)).isFalse();
        assertThat(EntryPaths.staysInside("a/b/c", "a/x", false)).isTrue();
    }
}
