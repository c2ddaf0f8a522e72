package dev.pharos.engine.vuln.engine;

import dev.pharos.engine.catalog.PackageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrivyVersionTest {
    @Test
    void dpkgVersionsSplitAtTheFirstColonAndTheLastHyphen() {
        // Debian Policy 5.6.12: the upstream version may contain hyphens, the revision may not.
        assertThat(TrivyVersion.of(PackageType.DEB, "1:4.13+dfsg1-1+b1"))
                .isEqualTo(new TrivyVersion(1, "4.13+dfsg1", "1+b1"));
        assertThat(TrivyVersion.of(PackageType.DEB, "2.0-rc1-3")).isEqualTo(new TrivyVersion(0, "2.0-rc1", "3"));
        assertThat(TrivyVersion.of(PackageType.DEB, "12.4+deb12u5")).isEqualTo(new TrivyVersion(0, "12.4+deb12u5", ""));
        assertThat(TrivyVersion.of(PackageType.DEB, "1:2.3:4-5")).isEqualTo(new TrivyVersion(1, "2.3:4", "5"));
    }

    @Test
    void rpmVersionsSplitIntoEpochVersionAndRelease() {
        assertThat(TrivyVersion.of(PackageType.RPM, "2:8.2.2637-20.el9_1"))
                .isEqualTo(new TrivyVersion(2, "8.2.2637", "20.el9_1"));
        assertThat(TrivyVersion.of(PackageType.RPM, "3.0.7-27.el9")).isEqualTo(new TrivyVersion(0, "3.0.7", "27.el9"));
    }

    @Test
    void apkAndLanguageVersionsStayWhole() {
        assertThat(TrivyVersion.of(PackageType.APK, "3.1.4-r5")).isEqualTo(new TrivyVersion(0, "3.1.4-r5", ""));
        assertThat(TrivyVersion.of(PackageType.MAVEN, "1.0-SNAPSHOT")).isEqualTo(new TrivyVersion(0, "1.0-SNAPSHOT", ""));
    }

    @Test
    void aColonPrefixThatIsNotAnIntIsNoEpoch() {
        assertThat(TrivyVersion.of(PackageType.DEB, "99999999999:1.0-1"))
                .isEqualTo(new TrivyVersion(0, "99999999999:1.0", "1"));
    }
}
