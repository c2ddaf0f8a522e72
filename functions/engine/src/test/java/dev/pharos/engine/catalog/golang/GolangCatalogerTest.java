package dev.pharos.engine.catalog.golang;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SpooledContent;
import dev.pharos.engine.catalog.Unknown;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class GolangCatalogerTest {
    /** Module info as cmd/go writes it: main module, deps, a versioned and a local replacement, build settings. */
    static final String MOD_INFO = """
            path\texample.com/app/cmd/app
            mod\texample.com/app\tv1.4.2\th1:abc=
            dep\tgithub.com/BurntSushi/toml\tv1.3.2\th1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGKpbmM4/NwXX2ds=
            dep\tgolang.org/x/net\tv0.17.0\th1:net=
            =>\tgithub.com/fork/net\tv0.17.1-fork\th1:fork=
            dep\texample.com/app/internal/tool\tv0.0.0-00010101000000-000000000000
            =>\t./internal/tool\t(devel)\t
            dep\tgopkg.in/yaml.v3\tv3.0.1\th1:yaml=
            build\t-compiler=gc
            build\tGOOS=linux
            """;

    private final GolangCataloger cataloger = new GolangCataloger();

    @TempDir
    Path tree;

    @Test
    void happyInlineBuildInfoReportsMainModuleDepsReplacementsAndStdlib() throws IOException {
        // Expected values read off MOD_INFO above: the fork replaces x/net, the local replacement has no version.
        write("usr/local/bin/app", GoBinaries.elf64(GoBinaries.inline("go1.21.5", MOD_INFO), true), true);

        var result = CatalogFixtures.catalog(cataloger, tree);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).extracting(FoundPackage::type).containsOnly(PackageType.GOLANG);
        assertThat(result.packages()).extracting(FoundPackage::name, FoundPackage::version, FoundPackage::purl)
                .containsExactlyInAnyOrder(
                        tuple("example.com/app", "v1.4.2", "pkg:golang/example.com/app@v1.4.2"),
                        tuple("github.com/BurntSushi/toml", "v1.3.2", "pkg:golang/github.com/burntsushi/toml@v1.3.2"),
                        tuple("github.com/fork/net", "v0.17.1-fork", "pkg:golang/github.com/fork/net@v0.17.1-fork"),
                        tuple("gopkg.in/yaml.v3", "v3.0.1", "pkg:golang/gopkg.in/yaml.v3@v3.0.1"),
                        tuple("stdlib", "v1.21.5", "pkg:golang/stdlib@v1.21.5"));
        CatalogFixtures.assertGolden(result, "catalog/golang/happy.golden.json");
    }

    @Test
    void goBefore118PointerLayoutIsReadThroughVirtualAddresses() throws IOException {
        String mod = "path\texample.com/old\nmod\texample.com/old\t(devel)\t\ndep\tgithub.com/pkg/errors\tv0.9.1\th1:x=\n";
        var found = parse(GoBinaries.elf64(GoBinaries.pointers("go1.16.15", mod, 8, ByteOrder.LITTLE_ENDIAN), true));

        // (devel) main module skipped: nothing published identifies it.
        assertThat(found.packages()).extracting(FoundPackage::name, FoundPackage::version)
                .containsExactlyInAnyOrder(tuple("github.com/pkg/errors", "v0.9.1"), tuple("stdlib", "v1.16.15"));
    }

    @Test
    void bigEndian32BitBinariesWithoutSectionTableAreFoundInTheDataSegment() throws IOException {
        String mod = "mod\texample.com/mips\tv0.1.0\t\n";
        byte[] elf = GoBinaries.elf(GoBinaries.pointers("go1.17", mod, 4, ByteOrder.BIG_ENDIAN), false, false,
                ByteOrder.BIG_ENDIAN);

        assertThat(parse(elf).packages()).extracting(FoundPackage::name, FoundPackage::version)
                .containsExactlyInAnyOrder(tuple("example.com/mips", "v0.1.0"), tuple("stdlib", "v1.17.0"));
    }

    @Test
    void binariesBuiltOutsideModuleModeReportOnlyTheToolchain() throws IOException {
        assertThat(parse(GoBinaries.elf64(GoBinaries.inline("go1.22rc1 X:boringcrypto", ""), true)).packages())
                .extracting(FoundPackage::name, FoundPackage::version, FoundPackage::purl)
                .containsExactly(tuple("stdlib", "v1.22.0-rc.1", "pkg:golang/stdlib@v1.22.0-rc.1"));
        assertThat(parse(GoBinaries.elf64(GoBinaries.inline("devel go1.23-abcdef", ""), true)).packages()).isEmpty();
    }

    @Test
    void toolchainTagsBecomeSemanticVersions() {
        assertThat(GoToolchain.semver("go1.21.5")).contains("v1.21.5");
        assertThat(GoToolchain.semver("go1.20")).contains("v1.20.0");
        assertThat(GoToolchain.semver("go1.19beta1")).contains("v1.19.0-beta.1");
        assertThat(GoToolchain.semver("go1.21.0 X:loopvar")).contains("v1.21.0");
        assertThat(GoToolchain.semver("devel go1.22-0123abcd Tue Jan 2 2024")).isEmpty();
        assertThat(GoToolchain.semver("gccgo")).isEmpty();
    }

    @Test
    void sadExecutablesThatAreNotGoYieldNothingAndNoUnknowns() throws IOException {
        copyScenario("sad");
        makeExecutable("usr/local/bin/entrypoint.sh");
        // Like a C program: no .go.buildinfo section, and no build info in its data segment either.
        write("usr/bin/cprogram", GoBinaries.elf64(new byte[256], false), true);

        assertThat(CatalogFixtures.wanted(cataloger, tree)).extracting(FileEntry::path)
                .containsExactlyInAnyOrder("usr/bin/cprogram", "usr/local/bin/entrypoint.sh");
        var result = CatalogFixtures.catalog(cataloger, tree);
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).isEmpty();
    }

    @Test
    void corruptBuildInfoBecomesUnknownsWithSpecificReasons() throws IOException {
        byte[] badPointerSize = GoBinaries.header(3, 0x2, new byte[16]);
        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        truncated.writeBytes(GoBinaries.header(8, 0x2, new byte[16]));
        truncated.writeBytes(new byte[] {(byte) 0xc8, 0x01, 'g', 'o'});
        byte[] badElf = GoBinaries.elf64(GoBinaries.inline("go1.21.5", ""), true);
        ByteBuffer.wrap(badElf).order(ByteOrder.LITTLE_ENDIAN).putLong(40, 1L << 40);  // e_shoff past the end
        write("bin/pointer-size", GoBinaries.elf64(badPointerSize, true), true);
        write("bin/truncated-string", GoBinaries.elf64(truncated.toByteArray(), true), true);
        write("bin/bad-modinfo", GoBinaries.elf64(GoBinaries.inline("go1.21.5", "dep\tonly-a-path\n"), true), true);
        write("bin/orphan-replacement",
                GoBinaries.elf64(GoBinaries.inline("go1.21.5", "=>\tx.org/y\tv1.0.0\t\n"), true), true);
        write("bin/bad-elf", badElf, true);

        var result = CatalogFixtures.catalog(cataloger, tree);

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::path, Unknown::reason).containsExactlyInAnyOrder(
                tuple("bin/pointer-size", "Go build info with pointer size 3"),
                tuple("bin/truncated-string", "Go build info string outside the file"),
                tuple("bin/bad-modinfo", "Go build info line 1: expected 'dep<TAB>path<TAB>version[<TAB>sum]'"),
                tuple("bin/orphan-replacement", "Go build info line 1: replacement without a module"),
                tuple("bin/bad-elf", "ELF structure points outside the file: 192 bytes at offset 1099511627776 of 98304"));
    }

    @Test
    void hugeDeclaredStringsAreALimitNotAnAllocation() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(GoBinaries.header(8, 0x2, new byte[16]));
        data.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});

        assertThatThrownBy(() -> parse(GoBinaries.elf64(data.toByteArray(), true)))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("4294967295 bytes");
    }

    @Test
    void wantsExecutablesOfPlausibleSizeOnly() {
        assertThat(cataloger.wants(new FileEntry("usr/bin/app", 5_000_000, 0755))).isTrue();
        assertThat(cataloger.wants(new FileEntry("usr/bin/app", 5_000_000, 0644))).isFalse();
        assertThat(cataloger.wants(new FileEntry("usr/bin/tiny", 4096, 0755))).isFalse();
    }

    /**
     * The build info section of a real Terraform binary (built with go1.23.3) from this machine ({@code objcopy
     * --only-section=.go.buildinfo /usr/local/bin/terraform}, zero-padded past the size threshold). The expectation
     * is Go's own reading of that same file: {@code go version -m} (Go 1.19 from Debian) in
     * {@code real.go-version-m.txt}, turned into modules by the rules the Go command documents (replacements win,
     * (devel) versions are not published, the toolchain is stdlib).
     */
    @Test
    void realTerraformBuildInfoMatchesGoVersionM() throws IOException {
        copyScenario("real");
        makeExecutable("usr/local/bin/terraform");
        List<String> oracle = Files.readAllLines(CatalogFixtures.scenario("golang", "real")
                .resolveSibling("real.go-version-m.txt"));

        var result = CatalogFixtures.catalog(cataloger, tree);

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).extracting(FoundPackage::name, FoundPackage::version)
                .containsExactlyInAnyOrderElementsOf(expectedFromGoVersionM(oracle));
        assertThat(result.packages()).hasSizeGreaterThan(200)
                .extracting(FoundPackage::name).doesNotContain("github.com/hashicorp/terraform");
        CatalogFixtures.assertGolden(result, "catalog/golang/real.golden.json");
    }

    /** {@code go version -m} text: "file: go1.x", then tab-indented path/mod/dep/=>/build lines. */
    static List<Tuple> expectedFromGoVersionM(List<String> lines) {
        List<String[]> modules = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split("\t");
            switch (fields[0]) {
                case "mod", "dep" -> modules.add(new String[] {fields[1], fields[2]});
                case "=>" -> modules.set(modules.size() - 1, new String[] {fields[1], fields.length > 2 ? fields[2] : ""});
                default -> {
                }
            }
        }
        List<Tuple> expected = new ArrayList<>(modules.stream()
                .filter(m -> !m[1].isEmpty() && !m[1].equals("(devel)"))
                .map(m -> tuple(m[0], m[1]))
                .toList());
        String go = lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1);
        expected.add(tuple("stdlib", "v" + go.substring(2)));
        return expected;
    }

    private Catalogued parse(byte[] elf) throws IOException {
        try (SpooledContent content = SpooledContent.of(elf)) {
            return cataloger.parse(new FileEntry("usr/bin/x", elf.length, 0755), content, ScanLimits.defaults());
        }
    }

    private void write(String path, byte[] content, boolean executable) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** Copies a committed scenario into the temporary tree; build tools do not keep the executable bit. */
    private void copyScenario(String scenario) throws IOException {
        Path source = CatalogFixtures.scenario("golang", scenario);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                write(source.relativize(file).toString(), Files.readAllBytes(file), false);
            }
        }
    }

    private void makeExecutable(String path) throws IOException {
        Files.setPosixFilePermissions(tree.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
