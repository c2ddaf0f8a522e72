package dev.pharos.engine.vuln.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Trivy server stand-in for the engine's tests: records every request and answers as {@code trivy server} does on
 * its Twirp routes, including its token check (a wrong or missing {@code Trivy-Token} gets Twirp's
 * {@code unauthenticated} error with HTTP 401). Answers per method are set by each test.
 */
final class TrivyStandIn implements AutoCloseable {
    static final String PUT_BLOB = "/twirp/trivy.cache.v1.Cache/PutBlob";
    static final String SCAN = "/twirp/trivy.scanner.v1.Scanner/Scan";
    static final String DELETE_BLOBS = "/twirp/trivy.cache.v1.Cache/DeleteBlobs";

    record Request(String method, String path, String contentType, Optional<String> token, String body) {
    }

    record Answer(int status, String body, long delayMillis) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }

        static Answer twirpError(int status, String code, String msg) {
            return new Answer(status, "{\"code\":\"" + code + "\",\"msg\":\"" + msg + "\"}", 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final String token;

    TrivyStandIn(String token) throws IOException {
        this.token = token;
        answers.put(PUT_BLOB, Answer.ok("{}"));
        answers.put(DELETE_BLOBS, Answer.ok("{}"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> paths() {
        return requests.stream().map(Request::path).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Optional<String> sentToken = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Trivy-Token"));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), sentToken, body));
            Answer answer = !sentToken.equals(Optional.of(token))
                    ? Answer.twirpError(401, "unauthenticated", "invalid token")
                    : answers.getOrDefault(exchange.getRequestURI().getPath(),
                    Answer.twirpError(404, "bad_route", "no handler for path"));
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The engine hung up (its timeout): nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
