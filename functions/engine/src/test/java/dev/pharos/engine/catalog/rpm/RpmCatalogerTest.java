package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.Unknown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RpmCatalogerTest {
    private static final String DB = "var/lib/rpm/rpmdb.sqlite";

    private final RpmCataloger cataloger = new RpmCataloger();

    @Test
    void wantsTheDatabasesInBothRpmdbDirectoriesOnly() {
        List<String> wanted = List.of(DB, "usr/lib/sysimage/rpm/rpmdb.sqlite", "var/lib/rpm/Packages",
                "usr/lib/sysimage/rpm/Packages", "var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages.db");
        List<String> unwanted = List.of("var/lib/rpm/rpmdb.sqlite-wal", "var/lib/rpm/rpmdb.sqlite-shm",
                "var/lib/rpm/Name", "var/lib/rpm/__db.001", "var/lib/rpm/Packages.bak",
                "usr/share/doc/rpm/rpmdb.sqlite", "home/u/var/lib/rpm/rpmdb.sqlite", "rpmdb.sqlite");
        wanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 4096, 0644))).as(path).isTrue());
        unwanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 4096, 0644))).as(path).isFalse());
    }

    /**
     * The fixture is a real rpm 4.18 SQLite database: three packages built with rpmbuild (hello and its noarch
     * subpackage hello-doc from one source; libfoo with Epoch 2) installed with {@code rpm --define '_db_backend
     * sqlite' -i --justdb --nodeps}, plus a signing key imported with {@code rpm --import}. The expectation
     * {@code happy.rpm-qa.tsv} is rpm's own answer over the same file: {@code rpm --dbpath <fixture>/var/lib/rpm
     * -qa --qf '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n'}; the gpg-pubkey row is the
     * imported key, which is not a package.
     */
    @Test
    void realDatabaseMatchesRpmQuery() throws IOException {
        List<String> expected = Files.readAllLines(CatalogFixtures.scenario("rpm", "happy.rpm-qa.tsv")).stream()
                .map(line -> line.split("\t"))
                .filter(row -> !row[0].equals("gpg-pubkey"))
                .map(row -> String.join(" ", row[0], (row[1].equals("(none)") ? "" : row[1] + ":") + row[2] + "-"
                        + row[3], row[4], row[5]))
                .toList();
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("rpm", "happy"));
        assertThat(result.unknowns()).isEmpty();
        assertThat(expected).hasSize(3);
        // Opened immutable: SQLite created no -wal/-shm next to the image's file.
        try (var files = Files.list(CatalogFixtures.scenario("rpm", "happy").resolve("var/lib/rpm"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("rpmdb.sqlite");
        }
        assertThat(result.packages()).extracting(found -> String.join(" ", found.name(), found.version(),
                        found.purl().replaceAll(".*arch=([^&]+).*", "$1"),
                        found.source().orElseThrow().name() + "-" + found.source().orElseThrow().version()
                                .replaceFirst("^\\d+:", "") + ".src.rpm"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void epochInVersionPurlQualifierAndSource() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("rpm", "happy"));
        assertThat(result.packages()).contains(
                new FoundPackage(PackageType.RPM, "libfoo", "2:2.0-1.el9", "pkg:rpm/libfoo@2.0-1.el9?arch=x86_64&epoch=2",
                        Optional.of(new SourcePackage("libfoo", "2:2.0-1.el9")), DB),
                new FoundPackage(PackageType.RPM, "hello-doc", "1.2.3-4.el9", "pkg:rpm/hello-doc@1.2.3-4.el9?arch=noarch",
                        Optional.of(new SourcePackage("hello", "1.2.3-4.el9")), DB));
    }

    @Test
    void nothingWhereThereIsNoDatabase() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("rpm", "sad"));
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).isEmpty();
    }

    /** Packages is a real Berkeley DB hash file (db5.3_load -t hash); Packages.db carries rpm-ndb's "RpmP" magic. */
    @Test
    void berkeleyDbAndNdbAreRecordedAsUnsupported() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("rpm", "legacy"));
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).containsExactlyInAnyOrder(
                new Unknown("var/lib/rpm/Packages", "rpm",
                        "unsupported rpm database format: BerkeleyDB (var/lib/rpm/Packages)"),
                new Unknown("usr/lib/sysimage/rpm/Packages.db", "rpm",
                        "unsupported rpm database format: NDB (usr/lib/sysimage/rpm/Packages.db)"));
    }

    @Test
    void textWhereTheDatabaseShouldBeIsAnUnknown() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("rpm", "corrupt"));
        assertThat(result.unknowns()).extracting(Unknown::reason)
                .containsExactly("not an rpm database: var/lib/rpm/rpmdb.sqlite starts with no known magic");
    }

    @Test
    void truncatedHeaderInTheRealDatabaseIsAnUnknownNamingTheRow(@TempDir Path root) throws IOException, SQLException {
        Path db = copyHappy(root);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             var statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=DELETE");
            statement.executeUpdate("UPDATE Packages SET blob = substr(blob, 1, 100) WHERE hnum = 2");
        }
        var result = CatalogFixtures.catalog(cataloger, root);
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::reason).singleElement().asString()
                .startsWith("Packages row 2: rpm header sizes (");
    }

    @Test
    void sqliteWithoutPackagesTableIsAnUnknown(@TempDir Path root) throws IOException, SQLException {
        Path db = Files.createDirectories(root.resolve("var/lib/rpm")).resolve("rpmdb.sqlite");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE Other (x INTEGER)");
        }
        var result = CatalogFixtures.catalog(cataloger, root);
        assertThat(result.unknowns()).extracting(Unknown::reason).singleElement().asString()
                .startsWith("not a readable rpm sqlite database:").contains("no such table: Packages");
    }

    private static Path copyHappy(Path root) throws IOException {
        Path db = Files.createDirectories(root.resolve("var/lib/rpm")).resolve("rpmdb.sqlite");
        Files.copy(CatalogFixtures.scenario("rpm", "happy").resolve(DB), db);
        return db;
    }
}
