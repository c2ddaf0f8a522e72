package dev.pharos.core.persistence;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for one SQL statement: items submitted while {@code maxInFlight} statements are already running wait
 * and then go together in the next one, up to {@code maxBatch} items. Under light load every item runs at once on
 * its own (no added latency); under heavy load the statement, planning and commit costs are shared by a whole
 * batch, which is what lets a 2-core machine absorb thousands of deliveries a second.
 *
 * @param <T> one submitted item
 * @param <R> its result; the statement returns one per item, in submission order
 */
final class StatementBatcher<T, R> {
    private record Pending<T, R>(T item, UniEmitter<? super R> emitter) {
    }

    private final int maxInFlight;
    private final int maxBatch;
    private final Function<List<T>, Uni<List<R>>> statement;
    private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
    private int inFlight;

    StatementBatcher(int maxInFlight, int maxBatch, Function<List<T>, Uni<List<R>>> statement) {
        if (maxInFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxInFlight and maxBatch must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
        this.statement = statement;
    }

    Uni<R> submit(T item) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending<T, R>> batch;
            synchronized (this) {
                waiting.add(new Pending<>(item, emitter));
                batch = nextBatch();
            }
            run(batch);
        });
    }

    /** Takes the next batch if a statement slot is free; the caller holds the lock. */
    private List<Pending<T, R>> nextBatch() {
        if (waiting.isEmpty() || inFlight >= maxInFlight) {
            return List.of();
        }
        inFlight++;
        List<Pending<T, R>> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void run(List<Pending<T, R>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Uni<List<R>> results;
        try {
            results = statement.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            results = Uni.createFrom().failure(e);
        }
        results.subscribe().with(items -> {
            finished();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).emitter().complete(items.get(i));
            }
        }, failure -> {
            finished();
            batch.forEach(pending -> pending.emitter().fail(failure));
        });
    }

    private void finished() {
        List<Pending<T, R>> next;
        synchronized (this) {
            inFlight--;
            next = nextBatch();
        }
        run(next);
    }
}
