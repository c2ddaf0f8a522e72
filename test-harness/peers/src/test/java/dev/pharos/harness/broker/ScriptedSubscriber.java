package dev.pharos.harness.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP subscriber for the broker's tests: answers request {@code n} (0-based) as its script says, and records
 * every request (parsed event, headers, arrival time) and the highest number of requests it served at once.
 */
final class ScriptedSubscriber implements AutoCloseable {
    /** What to answer: status, headers, body, and how long to wait first. */
    record Answer(int status, Map<String, String> headers, byte[] body, long delayMillis) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], 0);
        }

        static Answer body(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "text/plain"), body.getBytes(), 0);
        }

        Answer after(long millis) {
            return new Answer(status, headers, body, millis);
        }
    }

    record Received(String path, CloudEvent event, Map<String, List<String>> headers, long nanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final IntFunction<Answer> script;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    private ScriptedSubscriber(IntFunction<Answer> script) {
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static ScriptedSubscriber answering(IntFunction<Answer> script) {
        return new ScriptedSubscriber(script);
    }

    static ScriptedSubscriber accepting() {
        return new ScriptedSubscriber(n -> Answer.status(202));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    List<CloudEvent> events() {
        return received().stream().map(Received::event).toList();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int n;
            synchronized (this) {
                n = received.size();
                received.add(new Received(exchange.getRequestURI().getPath(), HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body)
                        .toEvent(), Map.copyOf(exchange.getRequestHeaders()), System.nanoTime()));
            }
            Answer answer = script.apply(n);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            concurrent.decrementAndGet();
        }
    }
}
