package dev.pharos.engine.catalog.os;

import dev.pharos.engine.catalog.OsRelease;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OsIdentificationTest {
    private static final OsRelease ETC = new OsRelease("debian", "12", "etc", Optional.of("Debian:12"));
    private static final OsRelease USR = new OsRelease("debian", "11", "usr", Optional.of("Debian:11"));
    private static final OsRelease DEBIAN_12_5 = new OsRelease("debian", "12.5", "dv", Optional.of("Debian:12"));
    private static final OsRelease SID = new OsRelease("debian", "", "dv", Optional.empty());
    private static final OsRelease ALPINE = new OsRelease("alpine", "3.19.1", "ar", Optional.of("Alpine:v3.19"));

    @Test
    void etcOsReleaseBeatsEverything() {
        assertThat(OsIdentification.choose(Map.of("etc/os-release", ETC, "usr/lib/os-release", USR,
                "etc/debian_version", DEBIAN_12_5))).contains(ETC);
    }

    @Test
    void usrLibOsReleaseBeatsDistributionFiles() {
        assertThat(OsIdentification.choose(Map.of("usr/lib/os-release", USR, "etc/debian_version", DEBIAN_12_5)))
                .contains(USR);
    }

    @Test
    void distributionFileAloneIsUsed() {
        assertThat(OsIdentification.choose(Map.of("etc/alpine-release", ALPINE))).contains(ALPINE);
        assertThat(OsIdentification.choose(Map.of("etc/debian_version", DEBIAN_12_5, "etc/alpine-release",
                ALPINE))).contains(DEBIAN_12_5);
    }

    @Test
    void osReleaseWithoutVersionTakesTheNumberOfTheSameDistribution() {
        OsRelease testing = new OsRelease("debian", "", "Debian GNU/Linux trixie/sid", Optional.empty());
        assertThat(OsIdentification.choose(Map.of("etc/os-release", testing, "etc/debian_version", DEBIAN_12_5)))
                .contains(new OsRelease("debian", "12.5", "Debian GNU/Linux trixie/sid", Optional.of("Debian:12")));
        assertThat(OsIdentification.choose(Map.of("etc/os-release", testing, "etc/debian_version", SID)))
                .contains(testing);
    }

    @Test
    void anotherDistributionsFileNeverRefines() {
        // Ubuntu keeps a debian_version: it must not turn Ubuntu into Debian or lend it a Debian release.
        OsRelease ubuntu = new OsRelease("ubuntu", "", "Ubuntu", Optional.empty());
        assertThat(OsIdentification.choose(Map.of("etc/os-release", ubuntu, "etc/debian_version", DEBIAN_12_5)))
                .contains(ubuntu);
    }

    @Test
    void nothingCataloguedNothingChosen() {
        assertThat(OsIdentification.choose(Map.of())).isEmpty();
    }
}
