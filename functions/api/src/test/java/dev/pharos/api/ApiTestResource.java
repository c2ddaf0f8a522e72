package dev.pharos.api;

import com.sun.net.httpserver.HttpServer;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API under test: a fresh database on the real test PostgreSQL, a capturing broker, an import root directory,
 * and a small file server standing in for an advisory mirror that URL imports may reach. Every test class shares one
 * application start (and so this database), as intake's do: a second start would load the harness in a new class
 * loader and try to start a second embedded PostgreSQL over the first one's data directory. Tests keep apart by
 * unique repositories, digests and ids.
 */
public class ApiTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_TOKEN = "admin-token-1";
    public static final int MAX_UPLOAD = 512 * 1024;
    public static final int MAX_BODY = 16 * 1024;
    public static final String MAX_WAIT = "3s";

    private static CapturingSink sink;
    private static String database;
    private static Path importRoot;
    private static HttpServer mirror;
    private static final Map<String, byte[]> MIRRORED = new ConcurrentHashMap<>();

    public static CapturingSink sink() {
        return sink;
    }

    public static String database() {
        return database;
    }

    public static Path importRoot() {
        return importRoot;
    }

    /** Publishes {@code body} on the mirror; returns its URL. */
    public static String mirror(String name, byte[] body) {
        MIRRORED.put("/osv/" + name, body);
        return mirrorPrefix() + name;
    }

    public static String mirrorPrefix() {
        return "http://127.0.0.1:" + mirror.getAddress().getPort() + "/osv/";
    }

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        database = postgres.createDatabase("api");
        sink = CapturingSink.start();
        try {
            importRoot = Files.createTempDirectory("pharos-api-import");
            mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mirror.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = MIRRORED.get(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        mirror.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("pharos.events.sink", sink.uri().toString());
        config.put("pharos.events.timeout", "2s");
        config.put("pharos.api.admin-token", ADMIN_TOKEN);
        config.put("pharos.api.max-wait", MAX_WAIT);
        config.put("pharos.api.poll-interval", "50ms");
        config.put("pharos.api.max-body-bytes", String.valueOf(MAX_BODY));
        config.put("pharos.api.vulndb.max-upload-bytes", String.valueOf(MAX_UPLOAD));
        config.put("pharos.api.vulndb.import-root", importRoot.toString());
        config.put("pharos.api.vulndb.allowed-url-prefixes", mirrorPrefix());
        return config;
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
        if (mirror != null) {
            mirror.stop(0);
        }
        MIRRORED.clear();
    }
}
