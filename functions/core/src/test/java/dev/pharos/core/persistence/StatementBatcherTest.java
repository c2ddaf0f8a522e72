package dev.pharos.core.persistence;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementBatcherTest {
    /** A statement whose completion the test controls, recording the batches it was given. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super List<String>>> running = new CopyOnWriteArrayList<>();
    private final StatementBatcher<Integer, String> batcher = new StatementBatcher<>(1, 3, items -> {
        batches.add(items);
        return Uni.createFrom().emitter(running::add);
    });

    private CompletableFuture<String> submit(int item) {
        return batcher.submit(item).subscribeAsCompletionStage();
    }

    private void completeRunning(int index) {
        running.get(index).complete(batches.get(index).stream().map(i -> "r" + i).toList());
    }

    @Test
    void itemsArrivingWhileAStatementRunsGoTogetherInTheNextUpToTheLimit() throws Exception {
        CompletableFuture<String> first = submit(1);
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            waiting.add(submit(i));
        }
        assertThat(batches).containsExactly(List.of(1));

        completeRunning(0);
        assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("r1");
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4));
        completeRunning(1);
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
        completeRunning(2);

        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(1, TimeUnit.SECONDS)).isEqualTo("r" + (i + 2));
        }
    }

    @Test
    void aFailedStatementFailsEveryItemOfItsBatchAndTheNextBatchStillRuns() throws Exception {
        CompletableFuture<String> first = submit(1);
        CompletableFuture<String> second = submit(2);
        CompletableFuture<String> third = submit(3);
        running.get(0).fail(new IllegalStateException("database went away"));

        assertThatThrownBy(() -> first.get(1, TimeUnit.SECONDS)).hasMessageContaining("database went away");
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3));
        completeRunning(1);
        assertThat(second.get(1, TimeUnit.SECONDS)).isEqualTo("r2");
        assertThat(third.get(1, TimeUnit.SECONDS)).isEqualTo("r3");
    }

    @Test
    void aStatementThatThrowsFailsItsItems() {
        StatementBatcher<Integer, String> throwing = new StatementBatcher<>(1, 8, items -> {
            throw new IllegalArgumentException("cannot bind " + items);
        });
        assertThatThrownBy(() -> throwing.submit(7).await().atMost(java.time.Duration.ofSeconds(1)))
                .hasMessageContaining("cannot bind [7]");
        assertThatThrownBy(() -> throwing.submit(8).await().atMost(java.time.Duration.ofSeconds(1)))
                .hasMessageContaining("cannot bind [8]");
    }
}
