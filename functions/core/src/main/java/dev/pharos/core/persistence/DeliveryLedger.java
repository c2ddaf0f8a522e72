package dev.pharos.core.persistence;

import dev.pharos.core.error.PharosException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Exactly-once emission over at-least-once delivery: a caller claims the keys of a delivery, emits the events of
 * the keys it won, then confirms them; if emission fails it releases them so the sender's retry can claim them
 * again. Nothing is recorded as done before its event was accepted, and a crashed holder's claim expires after
 * the lease. See V1__delivery_ledger.sql.
 */
@ApplicationScoped
public class DeliveryLedger {
    /**
     * One round trip: the CTE inserts or takes over the keys it can, and the outer query reports, for the keys it
     * could not, the state they had (a data-modifying CTE's outer query sees the table as before the statement).
     */
    private static final String CLAIM = """
            WITH batch AS (SELECT k, t FROM unnest($1::text[], $2::float8[]) AS b(k, t)),
            won AS (
                INSERT INTO delivery_ledger (delivery_key, state, claimed_at, expires_at)
                SELECT k, 'claimed', now(), now() + make_interval(secs => t) FROM batch
                ON CONFLICT (delivery_key) DO UPDATE
                   SET state = 'claimed', claimed_at = now(), expires_at = EXCLUDED.expires_at
                 WHERE delivery_ledger.expires_at < now()
                    OR (delivery_ledger.state = 'claimed'
                        AND delivery_ledger.claimed_at < now() - make_interval(secs => $3))
                RETURNING delivery_key)
            SELECT batch.k AS delivery_key, won.delivery_key IS NOT NULL AS won, ledger.state
              FROM batch
              LEFT JOIN won ON won.delivery_key = batch.k
              LEFT JOIN delivery_ledger ledger ON ledger.delivery_key = batch.k""";
    private static final String CONFIRM = "UPDATE delivery_ledger SET state = 'done' WHERE delivery_key = ANY($1)";
    private static final String RELEASE =
            "DELETE FROM delivery_ledger WHERE delivery_key = ANY($1) AND state = 'claimed'";
    private static final String WON = "won";
    private static final String PURGE = "DELETE FROM delivery_ledger WHERE expires_at < now()";

    /** Statements of one kind running at once; the rest of the pool stays free for the other kinds. */
    private static final int STATEMENTS_IN_FLIGHT = 2;
    private static final int MAX_BATCH = 256;

    private final Pool pool;
    private final Map<Duration, StatementBatcher<List<DeliveryKey>, Claim>> claimsByLease = new ConcurrentHashMap<>();
    private final StatementBatcher<Collection<String>, Void> confirms;
    private final StatementBatcher<Collection<String>, Void> releases;

    public DeliveryLedger(Pool pool) {
        this.pool = pool;
        this.confirms = keyUpdates(CONFIRM);
        this.releases = keyUpdates(RELEASE);
    }

    /**
     * Claims every key not already done or held; {@code lease} is how long another holder's claim is honoured.
     * Concurrent calls are claimed together in one statement (see {@link StatementBatcher}).
     */
    public Uni<Claim> claim(Collection<DeliveryKey> keys, Duration lease) {
        List<DeliveryKey> distinct = List.copyOf(keys.stream()
                .collect(Collectors.toMap(DeliveryKey::value, key -> key, (first, second) -> first,
                        LinkedHashMap::new))
                .values());
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(new Claim(Set.of(), Set.of(), Set.of()));
        }
        return claimsByLease.computeIfAbsent(lease, ignored -> new StatementBatcher<>(STATEMENTS_IN_FLIGHT, MAX_BATCH,
                requests -> claimTogether(requests, lease))).submit(distinct);
    }

    public Uni<Void> confirm(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().voidItem() : confirms.submit(keys);
    }

    public Uni<Void> release(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().voidItem() : releases.submit(keys);
    }

    /** Forgets expired keys; returns how many. */
    public Uni<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(RowSet::rowCount)
                .onFailure().transform(DeliveryLedger::unavailable);
    }

    /**
     * One statement for several callers' claims. A key two callers both carry (a sender's retry racing its first
     * delivery) is won by the first of them; the second sees it in flight, as it would in separate statements.
     */
    private Uni<List<Claim>> claimTogether(List<List<DeliveryKey>> requests, Duration lease) {
        Map<String, DeliveryKey> distinct = new LinkedHashMap<>();
        requests.forEach(request -> request.forEach(key -> distinct.putIfAbsent(key.value(), key)));
        String[] values = distinct.keySet().toArray(String[]::new);
        Double[] ttls = distinct.values().stream().map(key -> key.ttl().toMillis() / 1000.0).toArray(Double[]::new);
        return pool.preparedQuery(CLAIM).execute(Tuple.of(values, ttls, lease.toMillis() / 1000.0))
                .map(rows -> {
                    Map<String, String> outcomes = new HashMap<>();
                    for (Row row : rows) {
                        outcomes.put(row.getString("delivery_key"),
                                row.getBoolean("won") ? WON : row.getString("state"));
                    }
                    Set<String> handedOut = new HashSet<>();
                    return requests.stream().map(request -> toClaim(request, outcomes, handedOut)).toList();
                })
                .onFailure().transform(DeliveryLedger::unavailable);
    }

    private static Claim toClaim(List<DeliveryKey> request, Map<String, String> outcomes, Set<String> handedOut) {
        Set<String> won = new LinkedHashSet<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> inFlight = new LinkedHashSet<>();
        for (DeliveryKey key : request) {
            String outcome = outcomes.get(key.value());
            if (WON.equals(outcome) && handedOut.add(key.value())) {
                won.add(key.value());
            } else {
                ("done".equals(outcome) ? done : inFlight).add(key.value());
            }
        }
        return new Claim(won, done, inFlight);
    }

    private StatementBatcher<Collection<String>, Void> keyUpdates(String sql) {
        return new StatementBatcher<>(STATEMENTS_IN_FLIGHT, MAX_BATCH, requests -> pool.preparedQuery(sql)
                .execute(Tuple.of(requests.stream().flatMap(Collection::stream).distinct().toArray(String[]::new)))
                .map(ignored -> Collections.<Void>nCopies(requests.size(), null))
                .onFailure().transform(DeliveryLedger::unavailable));
    }

    private static Throwable unavailable(Throwable failure) {
        return new PharosException(PharosException.Kind.UNAVAILABLE,
                "database unavailable: " + failure.getMessage(), failure);
    }
}
