package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.harness.OciImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pharos-local's command line, the tag it pushes from an OCI layout, and the findings table it prints. */
class PharosLocalCommandTest {

    @Test
    void optionsAreReadAndContradictionsRefused() {
        PharosLocal.Options options = PharosLocal.Options.parse(List.of("--once", "--osv", "all.zip", "--image",
                "registry.example:5000/team/app:1"));
        assertThat(options).isEqualTo(new PharosLocal.Options(true, Optional.of(Path.of("all.zip")),
                Optional.of("registry.example:5000/team/app:1"), Optional.empty()));
        assertThat(PharosLocal.Options.parse(List.of())).isEqualTo(new PharosLocal.Options(false, Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> PharosLocal.Options.parse(List.of("--image", "a", "--layout", "b")))
                .hasMessage("--image and --layout exclude each other");
        assertThatThrownBy(() -> PharosLocal.Options.parse(List.of("--osv"))).hasMessage("--osv needs a value");
        assertThatThrownBy(() -> PharosLocal.Options.parse(List.of("--verbose")))
                .hasMessage("unknown option --verbose");
    }

    @Test
    void aLayoutIsPushedUnderItsOneTag(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = Map.of("etc/hostname", "demo\n".getBytes(StandardCharsets.UTF_8));
        Path one = dir.resolve("one");
        OciImageBuilder.image().layer(files).tag("2.0").writeTo(one);
        assertThat(PharosLocal.onlyTag(one)).isEqualTo("2.0");

        Path two = dir.resolve("two");
        OciImageBuilder.image().layer(files).tag("2.0").writeTo(two);
        OciImageBuilder.image().layer(files).tag("3.0").writeTo(two);
        assertThatThrownBy(() -> PharosLocal.onlyTag(two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must tag exactly one manifest").hasMessageContaining("[2.0, 3.0]");
    }

    @Test
    void theFindingsTableHasOneAlignedRowPerFinding() throws IOException {
        String image = """
                {"findings":[
                  {"id":"CVE-2021-44228","severity":"critical","installedVersion":"2.14.1","fixedVersions":["2.15.0"],
                   "package":{"name":"org.apache.logging.log4j:log4j-core","path":"app/app.jar"}},
                  {"id":"CVE-2005-2541","severity":"unknown","installedVersion":"1.34","fixedVersions":[],
                   "package":{"name":"tar","path":"var/lib/dpkg/status"}}]}""";

        String table = FindingsTable.render(new ObjectMapper().readTree(image));

        assertThat(table.lines().toList()).containsExactly(
                "SEVERITY  ID              PACKAGE                              INSTALLED  FIXED   PATH",
                "critical  CVE-2021-44228  org.apache.logging.log4j:log4j-core  2.14.1     2.15.0  app/app.jar",
                "unknown   CVE-2005-2541   tar                                  1.34       -       var/lib/dpkg/status",
                "2 open findings");
    }
}
