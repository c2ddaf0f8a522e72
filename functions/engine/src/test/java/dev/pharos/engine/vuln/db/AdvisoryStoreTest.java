package dev.pharos.engine.vuln.db;

import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.osv.OsvSeverity;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.pharos.engine.vuln.db.Advisories.found;
import static dev.pharos.engine.vuln.db.Advisories.head;
import static dev.pharos.engine.vuln.db.Advisories.record;
import static dev.pharos.engine.vuln.db.Advisories.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdvisoryStoreTest {
    private static final PackageKey LOG4J = new PackageKey("Maven", "org.apache.logging.log4j:log4j-core");
    private static final PackageKey DEBIAN_LOG4J = new PackageKey("Debian:11", "apache-log4j2");
    private static final PackageKey OPENSSL_11 = new PackageKey("Debian:11", "openssl");
    private static final PackageKey OPENSSL_12 = new PackageKey("Debian:12", "openssl");

    private MigratedDatabase database;
    private AdvisoryStore store;

    @BeforeEach
    void migrate() {
        database = new MigratedDatabase();
        store = new AdvisoryStore(database.pool(), Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void insertsThenTakesOnlyStrictlyNewerCopies() {
        ImportReport first = store.upsert(List.of(record("A-1", "2024-01-01T00:00:00Z", LOG4J),
                record("A-2", "2024-01-01T00:00:00Z", OPENSSL_11)));
        assertThat(first).isEqualTo(new ImportReport(2, 0, 0, List.of()));

        ImportReport second = store.upsert(List.of(
                record("A-1", "2024-02-01T00:00:00Z", DEBIAN_LOG4J), // newer: replaces, packages too
                record("A-2", "2024-01-01T00:00:00Z", OPENSSL_12),   // equal: unchanged
                record("A-3", "2023-01-01T00:00:00Z", OPENSSL_11))); // new
        assertThat(second).isEqualTo(new ImportReport(1, 1, 1, List.of()));

        ImportReport older = store.upsert(List.of(record("A-1", "2023-06-01T00:00:00Z", LOG4J)));
        assertThat(older).isEqualTo(new ImportReport(0, 0, 1, List.of()));

        // A-1 moved from the Maven package to the Debian one and the older copy did not bring it back
        assertThat(found(store, LOG4J)).isEmpty();
        OsvRecord moved = record("A-1", "2024-02-01T00:00:00Z", DEBIAN_LOG4J);
        assertThat(found(store, DEBIAN_LOG4J)).containsExactly(head(moved));
        assertThat(candidates(List.of(DEBIAN_LOG4J))).containsExactlyElementsOf(AdvisoryCandidate.of(moved));
        // the equal copy did not replace A-2's packages
        assertThat(found(store, OPENSSL_12)).isEmpty();
        assertThat(found(store, OPENSSL_11)).extracting(OsvRecord::id)
                .containsExactlyInAnyOrder("A-2", "A-3");
    }

    /**
     * Each entry is stored once, in its package's row (V8): the record column holds the rest, also for a withdrawn
     * advisory, whose entries nothing keeps.
     */
    @Test
    void entriesAreStoredOnlyInThePackageRows() {
        store.upsert(List.of(record("O-1", "2024-01-01T00:00:00Z", LOG4J, OPENSSL_11),
                withdrawn("O-2", "2024-01-01T00:00:00Z", LOG4J)));

        Row stored = database.pool().query("""
                SELECT count(*) FILTER (WHERE record ? 'affected') AS with_entries,
                       count(*) FILTER (WHERE record ->> 'summary' LIKE 'summary of O-%') AS with_summary,
                       (SELECT count(*) FROM advisory_package WHERE advisory_id = 'O-1') AS package_rows,
                       (SELECT count(*) FROM advisory_package WHERE advisory_id = 'O-2') AS withdrawn_rows
                  FROM advisory""").execute().await().atMost(Duration.ofSeconds(30)).iterator().next();

        assertThat(stored.getLong("with_entries")).isZero();
        assertThat(stored.getLong("with_summary")).isEqualTo(2);
        assertThat(stored.getLong("package_rows")).isEqualTo(2);
        assertThat(stored.getLong("withdrawn_rows")).isZero();
    }

    @Test
    void onlyImportsThatChangeSomethingMakeANewGeneration() {
        assertThat(store.currentGeneration()).isZero();
        ImportReport first = store.upsert(List.of(record("G-1", "2024-01-01T00:00:00Z", LOG4J)));
        long one = store.recordGeneration("file:first.zip", first);
        assertThat(one).isPositive();
        assertThat(store.currentGeneration()).isEqualTo(one);

        ImportReport again = store.upsert(List.of(record("G-1", "2024-01-01T00:00:00Z", LOG4J)));
        assertThat(store.recordGeneration("file:first.zip", again)).isEqualTo(one);

        ImportReport newer = store.upsert(List.of(record("G-1", "2024-05-01T00:00:00Z", LOG4J)));
        long two = store.recordGeneration("file:second.zip", newer);
        assertThat(two).isGreaterThan(one);
        assertThat(store.currentGeneration()).isEqualTo(two);
    }

    @Test
    void releaseIsPartOfTheEcosystem() {
        store.upsert(List.of(record("DSA-1", "2024-01-01T00:00:00Z", OPENSSL_12)));

        assertThat(found(store, OPENSSL_11)).isEmpty();
        assertThat(found(store, new PackageKey("Debian", "openssl"))).isEmpty();
        assertThat(found(store, OPENSSL_12)).extracting(OsvRecord::id).containsExactly("DSA-1");
    }

    @Test
    void withdrawnAdvisoriesAreKeptButNeverReturned() {
        store.upsert(List.of(record("W-1", "2024-01-01T00:00:00Z", LOG4J)));
        assertThat(found(store, LOG4J)).extracting(OsvRecord::id).containsExactly("W-1");

        ImportReport withdrawal = store.upsert(List.of(withdrawn("W-1", "2024-03-01T00:00:00Z", LOG4J)));
        assertThat(withdrawal.updated()).isEqualTo(1);
        assertThat(found(store, LOG4J)).isEmpty();

        // the stored withdrawn copy keeps an older, live copy from coming back
        assertThat(store.upsert(List.of(record("W-1", "2024-01-01T00:00:00Z", LOG4J))).unchanged()).isEqualTo(1);
        assertThat(found(store, LOG4J)).isEmpty();
    }

    @Test
    void manyPackagesAcrossBatchesComeBackTogether() {
        List<OsvRecord> records = new ArrayList<>();
        int count = AdvisoryStore.BATCH * 2 + 17;
        for (int i = 0; i < count; i++) {
            records.add(record("M-" + i, "2024-01-01T00:00:00Z", new PackageKey("npm", "pkg-" + (i % 500)),
                    new PackageKey("PyPI", "lib-" + i)));
        }
        // the same id again, newer, in the last batch: an update
        records.add(record("M-1", "2024-05-01T00:00:00Z", new PackageKey("npm", "pkg-1")));

        assertThat(store.upsert(records)).isEqualTo(new ImportReport(count, 1, 0, List.of()));

        List<PackageKey> keys = List.of(new PackageKey("npm", "pkg-7"), new PackageKey("npm", "pkg-1"),
                new PackageKey("PyPI", "lib-3"), new PackageKey("PyPI", "absent"));
        List<OsvRecord> found = found(store, keys.toArray(PackageKey[]::new));
        Set<String> expected = new java.util.HashSet<>(List.of("M-3"));
        for (int i = 0; i < count; i++) {
            if (i % 500 == 7 || i % 500 == 1) {
                expected.add("M-" + i);
            }
        }
        assertThat(found).extracting(OsvRecord::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(found).filteredOn(r -> r.id().equals("M-1")).singleElement()
                .satisfies(r -> assertThat(r.modified()).hasToString("2024-05-01T00:00:00Z"));
    }

    @Test
    void duplicateIdsInOneBatchKeepTheNewest() {
        ImportReport report = store.upsert(List.of(record("D-1", "2024-05-01T00:00:00Z", LOG4J),
                record("D-1", "2024-01-01T00:00:00Z", OPENSSL_11)));

        assertThat(report).isEqualTo(new ImportReport(1, 0, 1, List.of()));
        OsvRecord newest = record("D-1", "2024-05-01T00:00:00Z", LOG4J);
        assertThat(found(store, LOG4J, OPENSSL_11)).containsExactly(head(newest));
        assertThat(candidates(List.of(LOG4J, OPENSSL_11))).containsExactlyElementsOf(AdvisoryCandidate.of(newest));
    }

    @Test
    void candidatesCarryOnlyTheirPackagesEntriesAndRecordsComeWithoutEntries() {
        OsvRecord plain = record("C-1", "2024-01-01T00:00:00Z", LOG4J, OPENSSL_11, LOG4J);
        OsvRecord twoPackages = new OsvRecord(plain.id(), plain.modified(),
                Optional.of(Instant.parse("2023-12-24T10:00:00Z")), Optional.empty(), List.of("CVE-2099-1", "GHSA-c"),
                List.of("UPSTREAM-1"), plain.summary(),
                List.of(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")), plain.affected());
        OsvRecord jinja = record("C-2", "2024-01-01T00:00:00Z", new PackageKey("PyPI", "Jinja2"));
        store.upsert(List.of(twoPackages, jinja));

        List<AdvisoryCandidate> candidates = store.read(reader -> reader.candidates(
                List.of(LOG4J, OPENSSL_12, PackageKey.of("PyPI", "jinja2"))));

        assertThat(candidates).containsExactlyInAnyOrder(
                new AdvisoryCandidate(LOG4J, "C-1", List.of(twoPackages.affected().get(0),
                        twoPackages.affected().get(2))),
                new AdvisoryCandidate(PackageKey.of("PyPI", "jinja2"), "C-2", jinja.affected()));
        assertThat(records(List.of("C-1", "C-2", "C-9")))
                .containsExactlyInAnyOrder(head(twoPackages), head(jinja));
    }

    @Test
    void candidatesFollowReplacementsMovesAndWithdrawals() {
        store.upsert(List.of(record("R-1", "2024-01-01T00:00:00Z", LOG4J)));
        OsvRecord moved = record("R-1", "2024-02-01T00:00:00Z", DEBIAN_LOG4J, OPENSSL_11);
        store.upsert(List.of(moved));
        assertThat(candidateIds(LOG4J)).isEmpty();
        assertThat(candidates(List.of(DEBIAN_LOG4J, OPENSSL_11)))
                .containsExactlyInAnyOrderElementsOf(AdvisoryCandidate.of(moved));

        store.upsert(List.of(withdrawn("R-1", "2024-03-01T00:00:00Z", DEBIAN_LOG4J)));
        assertThat(candidateIds(DEBIAN_LOG4J, OPENSSL_11)).isEmpty();
        assertThat(records(List.of("R-1"))).isEmpty();

        OsvRecord revived = record("R-1", "2024-04-01T00:00:00Z", OPENSSL_11);
        store.upsert(List.of(revived));
        assertThat(candidates(List.of(DEBIAN_LOG4J, OPENSSL_11)))
                .containsExactlyElementsOf(AdvisoryCandidate.of(revived));
        assertThat(records(List.of("R-1"))).containsExactly(head(revived));
    }

    /** An import that commits between the two steps is not seen by the second: one copy's data throughout. */
    @Test
    void bothStepsOfOneReadSeeOneSnapshot() {
        OsvRecord first = record("S-1", "2024-01-01T00:00:00Z", LOG4J);
        store.upsert(List.of(first));

        List<OsvRecord> seen = store.read(reader -> {
            assertThat(reader.candidates(List.of(LOG4J))).extracting(AdvisoryCandidate::advisoryId)
                    .containsExactly("S-1");
            assertThat(store.upsert(List.of(withdrawn("S-1", "2024-02-01T00:00:00Z", LOG4J))).updated())
                    .isEqualTo(1);
            return reader.records(List.of("S-1"));
        });

        assertThat(seen).containsExactly(head(first));
        assertThat(records(List.of("S-1"))).isEmpty();
    }

    /** A failure inside the work reaches the caller as it was, and the connection goes back to the pool usable. */
    @Test
    void aFailingReadGivesItsConnectionBack() {
        store.upsert(List.of(record("F-1", "2024-01-01T00:00:00Z", LOG4J)));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> store.read(reader -> {
                reader.candidates(List.of(LOG4J));
                throw new IllegalStateException("matcher failed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("matcher failed");
        }
        assertThat(candidateIds(LOG4J)).containsExactly("F-1");
        // not left inside a transaction: an import through the pool commits and is seen
        store.upsert(List.of(record("F-2", "2024-01-01T00:00:00Z", LOG4J)));
        assertThat(candidateIds(LOG4J)).containsExactlyInAnyOrder("F-1", "F-2");
    }

    private List<String> candidateIds(PackageKey... keys) {
        return candidates(List.of(keys)).stream().map(AdvisoryCandidate::advisoryId).toList();
    }

    private List<AdvisoryCandidate> candidates(List<PackageKey> keys) {
        return store.read(reader -> reader.candidates(keys));
    }

    private List<OsvRecord> records(List<String> ids) {
        return store.read(reader -> reader.records(ids));
    }

    @Test
    void noKeysNoQuery() {
        assertThat(found(store)).isEmpty();
        assertThat(candidates(List.of())).isEmpty();
        assertThat(records(List.of())).isEmpty();
    }
}
