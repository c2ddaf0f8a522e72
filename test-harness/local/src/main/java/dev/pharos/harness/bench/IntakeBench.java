package dev.pharos.harness.bench;

import dev.pharos.harness.broker.ServiceRegistry;
import dev.pharos.harness.local.LocalPlatform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives intake over loopback with distribution notifications (one manifest push per envelope, each new, so every
 * delivery does the full work: authenticate, parse, claim in PostgreSQL, emit to the broker, confirm) and prints
 * throughput (closed loop, fixed concurrency) and latency percentiles at a fixed arrival rate (open loop: latency is
 * measured from each request's scheduled start, so a stall is not hidden by the load generator waiting).
 *
 * <p>Options: {@code --deliveries N} (100000), {@code --concurrency C} (64), {@code --rate R} per second (1000),
 * {@code --seconds S} of the fixed-rate phase (20).
 */
public final class IntakeBench {
    private static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final HttpClient client;
    private final RequestOptions request;
    private final AtomicLong failures = new AtomicLong();

    private IntakeBench(Vertx vertx, URI webhook, String token, int connections) {
        this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(connections));
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost(webhook.getHost())
                .setPort(webhook.getPort()).setURI(webhook.getRawPath()).setTimeout(30_000)
                .putHeader("Content-Type", MEDIA_TYPE).putHeader("Authorization", "Bearer " + token);
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int deliveries = option(options, "--deliveries", 100_000);
        int concurrency = option(options, "--concurrency", 64);
        int rate = option(options, "--rate", 1_000);
        int seconds = option(options, "--seconds", 20);
        Vertx vertx = Vertx.vertx();
        try (CountingSink sink = new CountingSink(vertx);
             LocalPlatform platform = LocalPlatform.start(sink.uri(), new ServiceRegistry(), List.of("-Xmx512m"))) {
            IntakeBench bench = new IntakeBench(vertx, platform.webhook(), platform.token(),
                    Math.max(concurrency, 64));
            System.out.printf("intake bench: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            bench.closedLoop(Math.min(deliveries, 20_000), concurrency);
            long before = sink.received();
            double perSecond = bench.closedLoop(deliveries, concurrency);
            long emitted = sink.received() - before;
            System.out.printf("throughput: %,d deliveries at concurrency %d: %,.0f notifications/s; "
                    + "events emitted %,d; failures %d%n", deliveries, concurrency, perSecond, emitted,
                    bench.failures.get());
            long[] latencies = bench.openLoop(rate, seconds);
            System.out.printf("latency at %,d/s for %ds (%,d requests): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                    + "failures %d%n", rate, seconds, latencies.length, millis(latencies, 0.50),
                    millis(latencies, 0.99), millis(latencies, 1.0), bench.failures.get());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Sends {@code count} deliveries keeping {@code concurrency} in flight; returns deliveries per second. */
    private double closedLoop(int count, int concurrency) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            send().whenComplete((status, failure) -> inFlight.release());
        }
        inFlight.acquire(concurrency);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Sends at a fixed rate; returns each request's latency in nanoseconds from its scheduled start. */
    private long[] openLoop(int rate, int seconds) {
        int count = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[count];
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            all[i] = send().whenComplete((status, failure) -> latencies[index] = System.nanoTime() - due);
        }
        CompletableFuture.allOf(all).join();
        Arrays.sort(latencies);
        return latencies;
    }

    private CompletableFuture<Integer> send() {
        Future<Integer> status = client.request(request)
                .compose(outgoing -> outgoing.send(Buffer.buffer(envelope())))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
        return status.toCompletionStage().toCompletableFuture().handle((code, failure) -> {
            if (failure != null || code != 200) {
                failures.incrementAndGet();
            }
            return code == null ? -1 : code;
        });
    }

    private static String envelope() {
        String id = UUID.randomUUID().toString();
        return "{\"events\":[{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-23T10:15:30Z\",\"action\":\"push\","
                + "\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":400,"
                + "\"digest\":\"sha256:" + "ab".repeat(32) + "\",\"length\":400,\"repository\":\"bench/app\","
                + "\"url\":\"http://127.0.0.1:5000/v2/bench/app/manifests/" + id + "\",\"tag\":\"t-" + id + "\"},"
                + "\"request\":{\"id\":\"r\",\"addr\":\"127.0.0.1\",\"host\":\"127.0.0.1:5000\",\"method\":\"PUT\","
                + "\"useragent\":\"bench\"},\"actor\":{},\"source\":{\"addr\":\"h\",\"instanceID\":\"i\"}}]}";
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    static int option(List<String> options, String name, int fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : fallback;
    }
}
