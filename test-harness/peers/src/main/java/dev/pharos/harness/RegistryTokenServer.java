package dev.pharos.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A token server for {@link DistributionRegistry.Auth.Token}, after distribution's {@code docs/spec/auth/token.md}
 * and {@code jwt.md}: {@code GET /token?service=&scope=repository:<name>:<actions>}, optionally with Basic
 * credentials, answers {@code {"token", "access_token", "expires_in", "issued_at"}}. Tokens are ES256 JWTs whose
 * header carries the signing certificate as {@code x5c}; distribution 2.8 verifies that chain against its
 * {@code rootcertbundle}, here the same self-signed certificate.
 * <p>
 * Grants: a known user with the right password gets every action asked for; anonymous callers get {@code pull} on
 * repositories {@code anonymousPull} accepts and nothing else; a wrong password is a 401. The key and certificate
 * are made at start by the JDK's own {@code keytool} (the JDK has no public API to issue certificates).
 */
public final class RegistryTokenServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE_PASSWORD = "pharos-test-only";
    private static final long LIFETIME_SECONDS = 300;

    private final HttpServer server;
    private final String service;
    private final String issuer = "pharos-test-token-issuer";
    private final Path bundle;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Map<String, String> users;
    private final Predicate<String> anonymousPull;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RegistryTokenServer(String service, Map<String, String> users, Predicate<String> anonymousPull)
            throws IOException {
        this.service = service;
        this.users = Map.copyOf(users);
        this.anonymousPull = anonymousPull;
        Path dir = Files.createTempDirectory(Peers.workDir(), "token-server-");
        Path store = dir.resolve("signer.p12");
        PeerProcess keytool = PeerProcess.start("keytool", List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "signer", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=pharos test registry token signer", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD), Map.of());
        if (keytool.awaitExit(java.time.Duration.ofSeconds(60)) != 0) {
            throw keytool.failure("keytool could not make the token signing key");
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keyStore.load(in, STORE_PASSWORD.toCharArray());
            }
            this.key = (PrivateKey) keyStore.getKey("signer", STORE_PASSWORD.toCharArray());
            this.certificate = (X509Certificate) keyStore.getCertificate("signer");
            this.bundle = dir.resolve("bundle.pem");
            Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the token signing key", e);
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /**
     * Starts on a free 127.0.0.1 port.
     *
     * @param service       the registry's service name (the tokens' audience)
     * @param users         user name to password
     * @param anonymousPull repositories anonymous callers may pull
     */
    public static RegistryTokenServer start(String service, Map<String, String> users,
                                            Predicate<String> anonymousPull) {
        try {
            return new RegistryTokenServer(service, users, anonymousPull);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry token server", e);
        }
    }

    /** The registry configuration that trusts this server's tokens. */
    public DistributionRegistry.Auth.Token registryAuth() {
        return new DistributionRegistry.Auth.Token(realm(), service, issuer, bundle);
    }

    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** Every token request so far, as {@code <user or "anonymous"> <query>}; tests check caching with it. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> user = Optional.empty();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                String name = colon < 0 ? pair : pair.substring(0, colon);
                if (colon < 0 || !pair.substring(colon + 1).equals(users.get(name))) {
                    requests.add(name + " (rejected) " + exchange.getRequestURI().getRawQuery());
                    respond(exchange, 401, "{\"details\":\"invalid user name or password\"}");
                    return;
                }
                user = Optional.of(name);
            }
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            requests.add(user.orElse("anonymous") + " " + query);
            ArrayNode access = JSON.createArrayNode();
            for (String param : query.split("&")) {
                if (param.startsWith("scope=")) {
                    grant(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8), user, access);
                }
            }
            String token = jwt(user.orElse(""), access);
            ObjectNode body = JSON.createObjectNode();
            body.put("token", token);
            body.put("access_token", token);
            body.put("expires_in", LIFETIME_SECONDS);
            body.put("issued_at", Instant.now().toString());
            respond(exchange, 200, JSON.writeValueAsString(body));
        } catch (RuntimeException e) {
            respond(exchange, 500, "{\"details\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** token.md scope grammar: {@code type:name:action[,action]}; the name may contain ':' (a port). */
    private void grant(String scope, Optional<String> user, ArrayNode access) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last <= first) {
            return;
        }
        String name = scope.substring(first + 1, last);
        List<String> actions = new ArrayList<>();
        for (String action : scope.substring(last + 1).split(",")) {
            if (user.isPresent() || (action.equals("pull") && anonymousPull.test(name))) {
                actions.add(action);
            }
        }
        ObjectNode entry = access.addObject();
        entry.put("type", scope.substring(0, first));
        entry.put("name", name);
        ArrayNode granted = entry.putArray("actions");
        actions.forEach(granted::add);
    }

    /** RFC 7519 JWT, RFC 7515 JWS compact form, ES256 = ECDSA P-256 SHA-256 with the raw r||s signature. */
    private String jwt(String subject, ArrayNode access) {
        try {
            ObjectNode header = JSON.createObjectNode();
            header.put("typ", "JWT");
            header.put("alg", "ES256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            long now = Instant.now().getEpochSecond();
            ObjectNode claims = JSON.createObjectNode();
            claims.put("iss", issuer);
            claims.put("sub", subject);
            claims.put("aud", service);
            claims.put("exp", now + LIFETIME_SECONDS);
            claims.put("nbf", now - 10);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.set("access", access);
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a registry token", e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
