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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    private static final String PURGE = "DELETE FROM delivery_ledger WHERE expires_at < now()";

    private final Pool pool;

    public DeliveryLedger(Pool pool) {
        this.pool = pool;
    }

    /** Claims every key not already done or held; {@code lease} is how long another holder's claim is honoured. */
    public Uni<Claim> claim(Collection<DeliveryKey> keys, Duration lease) {
        List<DeliveryKey> distinct = keys.stream()
                .collect(Collectors.toMap(DeliveryKey::value, key -> key, (first, second) -> first))
                .values().stream().toList();
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(new Claim(Set.of(), Set.of(), Set.of()));
        }
        String[] values = distinct.stream().map(DeliveryKey::value).toArray(String[]::new);
        Double[] ttls = distinct.stream().map(key -> key.ttl().toMillis() / 1000.0).toArray(Double[]::new);
        return pool.preparedQuery(CLAIM).execute(Tuple.of(values, ttls, lease.toMillis() / 1000.0))
                .map(DeliveryLedger::toClaim)
                .onFailure().transform(DeliveryLedger::unavailable);
    }

    public Uni<Void> confirm(Collection<String> keys) {
        return update(CONFIRM, keys);
    }

    public Uni<Void> release(Collection<String> keys) {
        return update(RELEASE, keys);
    }

    /** Forgets expired keys; returns how many. */
    public Uni<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(RowSet::rowCount)
                .onFailure().transform(DeliveryLedger::unavailable);
    }

    private Uni<Void> update(String sql, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(sql).execute(Tuple.of(keys.toArray(String[]::new))).replaceWithVoid()
                .onFailure().transform(DeliveryLedger::unavailable);
    }

    private static Claim toClaim(RowSet<Row> rows) {
        Set<String> won = new LinkedHashSet<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> inFlight = new LinkedHashSet<>();
        for (Row row : rows) {
            String key = row.getString("delivery_key");
            if (row.getBoolean("won")) {
                won.add(key);
            } else {
                ("done".equals(row.getString("state")) ? done : inFlight).add(key);
            }
        }
        return new Claim(won, done, inFlight);
    }

    private static Throwable unavailable(Throwable failure) {
        return new PharosException(PharosException.Kind.UNAVAILABLE,
                "database unavailable: " + failure.getMessage(), failure);
    }
}
