package dev.pharos.engine.source.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server for what a real registry will not do on request: tampered bytes, endless bodies, 429s,
 * redirects. Each path answers with its handler; every request is recorded with its Authorization header.
 */
final class FakeRegistry implements AutoCloseable {
    interface Handler {
        void handle(HttpExchange exchange, int call) throws IOException;
    }

    record Request(String path, Optional<String> authorization) {
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requests.add(new Request(path,
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
                int call = calls.merge(path, 1, Integer::sum);
                Handler handler = handlers.get(path);
                if (handler == null) {
                    send(exchange, 404, Map.of(), "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no such thing\"}]}"
                            .getBytes());
                } else {
                    handler.handle(exchange, call);
                }
            } catch (IOException e) {
                // the client went away (e.g. it stopped reading an endless body): nothing to answer
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String hostPort() {
        return "127.0.0.1:" + port();
    }

    FakeRegistry on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    /** Serves {@code body} with the given headers on every call. */
    FakeRegistry serve(String path, Map<String, String> headers, byte[] body) {
        return on(path, (exchange, call) -> send(exchange, 200, headers, body));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
