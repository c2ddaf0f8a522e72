package dev.pharos.core.persistence;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLedgerTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static MigratedDatabase db;
    private static DeliveryLedger ledger;

    @BeforeAll
    static void start() {
        db = new MigratedDatabase();
        ledger = new DeliveryLedger(db.pool());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static String fresh() {
        return "test:" + UUID.randomUUID();
    }

    @Test
    void aConfirmedKeyIsDoneForLaterClaims() {
        String key = fresh();
        Claim first = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        assertThat(first.claimed()).containsExactly(key);
        ledger.confirm(first.claimed()).await().indefinitely();

        Claim replay = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        assertThat(replay.claimed()).isEmpty();
        assertThat(replay.done()).containsExactly(key);
        assertThat(replay.inFlight()).isEmpty();
    }

    @Test
    void aHeldClaimIsInFlightForOthersUntilReleased() {
        String key = fresh();
        ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();

        Claim concurrent = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        assertThat(concurrent.claimed()).isEmpty();
        assertThat(concurrent.inFlight()).containsExactly(key);

        ledger.release(List.of(key)).await().indefinitely();
        Claim retry = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        assertThat(retry.claimed()).containsExactly(key);
    }

    @Test
    void aClaimOlderThanTheLeaseIsTakenOver() throws InterruptedException {
        String key = fresh();
        ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        Thread.sleep(300);
        Claim takeover = ledger.claim(List.of(new DeliveryKey(key, DAY)), Duration.ofMillis(100))
                .await().indefinitely();
        assertThat(takeover.claimed()).containsExactly(key);
    }

    @Test
    void anExpiredKeyIsClaimableAgainAndPurged() throws InterruptedException {
        String key = fresh();
        Claim first = ledger.claim(List.of(new DeliveryKey(key, Duration.ofMillis(200))), LEASE)
                .await().indefinitely();
        ledger.confirm(first.claimed()).await().indefinitely();
        Thread.sleep(400);

        assertThat(ledger.purgeExpired().await().indefinitely()).isGreaterThanOrEqualTo(1);
        Claim again = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        assertThat(again.claimed()).containsExactly(key);
    }

    @Test
    void releaseNeverForgetsADoneKey() {
        String key = fresh();
        Claim first = ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely();
        ledger.confirm(first.claimed()).await().indefinitely();
        ledger.release(List.of(key)).await().indefinitely();

        assertThat(ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE).await().indefinitely().done())
                .containsExactly(key);
    }

    @Test
    void aBatchSplitsIntoNewDoneAndDuplicateKeysWithinTheBatch() {
        String done = fresh();
        String created = fresh();
        ledger.confirm(ledger.claim(List.of(new DeliveryKey(done, DAY)), LEASE).await().indefinitely().claimed())
                .await().indefinitely();

        Claim claim = ledger.claim(List.of(new DeliveryKey(done, DAY), new DeliveryKey(created, DAY),
                new DeliveryKey(created, DAY)), LEASE).await().indefinitely();
        assertThat(claim.claimed()).containsExactly(created);
        assertThat(claim.done()).containsExactly(done);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveOneWinnerWhateverTheBatching() {
        String shared = fresh();
        List<String> own = IntStream.range(0, 40).mapToObj(i -> fresh()).toList();
        List<Uni<Claim>> claims = new ArrayList<>();
        for (String key : own) {
            claims.add(ledger.claim(List.of(new DeliveryKey(key, DAY), new DeliveryKey(shared, DAY)), LEASE));
        }
        List<Claim> results = Uni.join().all(claims).andFailFast().await().indefinitely();

        assertThat(results).allSatisfy(claim -> assertThat(claim.done()).isEmpty());
        assertThat(results.stream().filter(claim -> claim.claimed().contains(shared))).hasSize(1);
        assertThat(results.stream().filter(claim -> claim.inFlight().contains(shared))).hasSize(own.size() - 1);
        for (int i = 0; i < own.size(); i++) {
            assertThat(results.get(i).claimed()).contains(own.get(i));
        }
    }

    @Test
    void confirmsSubmittedTogetherAllTakeEffect() {
        List<String> keys = IntStream.range(0, 30).mapToObj(i -> fresh()).toList();
        List<Uni<Claim>> claims = keys.stream()
                .map(key -> ledger.claim(List.of(new DeliveryKey(key, DAY)), LEASE)).toList();
        Uni.join().all(claims).andFailFast().await().indefinitely();
        Uni.join().all(keys.stream().map(key -> ledger.confirm(List.of(key))).toList()).andFailFast()
                .await().indefinitely();

        Claim replay = ledger.claim(keys.stream().map(key -> new DeliveryKey(key, DAY)).toList(), LEASE)
                .await().indefinitely();
        assertThat(replay.done()).containsExactlyElementsOf(keys);
    }

    @Test
    void anUnreachableDatabaseIsAnUnavailableError() {
        MigratedDatabase closing = new MigratedDatabase();
        DeliveryLedger broken = new DeliveryLedger(closing.pool());
        closing.close();
        assertThatThrownBy(() -> broken.claim(List.of(new DeliveryKey(fresh(), DAY)), LEASE).await().indefinitely())
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE));
    }
}
