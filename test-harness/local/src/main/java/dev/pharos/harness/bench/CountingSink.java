package dev.pharos.harness.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A broker stand-in for benchmarks: accepts every event with 202 and only counts, so it costs the least CPU. */
final class CountingSink implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong received = new AtomicLong();

    CountingSink(Vertx vertx) {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
            if (request.getHeader("ce-id") != null) {
                received.incrementAndGet();
            }
            request.response().setStatusCode(202).end();
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark sink did not start", e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
