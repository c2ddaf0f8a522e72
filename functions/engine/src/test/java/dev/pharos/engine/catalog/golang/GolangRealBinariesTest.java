package dev.pharos.engine.catalog.golang;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.SpooledContent;
import dev.pharos.harness.Peers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Real Go programs from Debian packages (.ci/run installs them). Debian builds them outside module mode, so their
 * build info names only the toolchain. The independent oracle is the package's own {@code Built-Using:} field
 * (Debian Policy 7.8), which records the exact golang-1.x source package it was compiled with; when a Go toolchain
 * is installed, {@code go version -m} is compared in full as well.
 */
class GolangRealBinariesTest {
    private static final Pattern BUILT_WITH_GO = Pattern.compile("golang-1\\.\\d+ \\(= (1\\.\\d+(?:\\.\\d+)?)-[^)]*\\)");

    private final GolangCataloger cataloger = new GolangCataloger();

    @ParameterizedTest
    @CsvSource({"docker-registry, /usr/bin/docker-registry", "skopeo, /usr/bin/skopeo", "umoci, /usr/bin/umoci"})
    void debianGoBinaryReportsTheToolchainItWasBuiltWith(String debianPackage, String binary)
            throws IOException, InterruptedException {
        Path program = Path.of(binary);
        Peers.require(Files.isExecutable(program), binary + " (Debian package " + debianPackage + ")");
        String builtUsing = run("dpkg-query", "-W", "-f", "${Built-Using}", debianPackage);
        Matcher go = BUILT_WITH_GO.matcher(builtUsing);
        assertThat(go.find()).as("Built-Using of %s: %s", debianPackage, builtUsing).isTrue();

        List<FoundPackage> found;
        try (SpooledContent content = SpooledContent.ofFile(program)) {
            FileEntry entry = new FileEntry(binary.substring(1), content.size(), 0755);
            assertThat(cataloger.wants(entry)).isTrue();
            found = cataloger.parse(entry, content, ScanLimits.defaults()).packages();
        }

        assertThat(found).extracting(FoundPackage::name, FoundPackage::version, FoundPackage::purl)
                .containsExactly(tuple("stdlib", "v" + go.group(1),
                        "pkg:golang/stdlib@v" + go.group(1)));
        Optional<Path> goTool = Peers.executable("go");
        if (goTool.isPresent()) {
            List<String> versionM = run(goTool.get().toString(), "version", "-m", binary).lines().toList();
            assertThat(found).extracting(FoundPackage::name, FoundPackage::version)
                    .containsExactlyInAnyOrderElementsOf(GolangCatalogerTest.expectedFromGoVersionM(versionM));
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
        return output;
    }
}
