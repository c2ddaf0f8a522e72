package dev.pharos.harness.broker;

import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each Knative Service of the manifests runs locally: the caller registers {@code pharos-scanner} →
 * {@code http://127.0.0.1:port/} once the process is up. Stands in for Knative's addressable resolution of a
 * Destination: a {@code ref} to a serving.knative.dev Service becomes its registered address, and a {@code uri} next
 * to a ref is resolved against that address (duck/v1 Destination); a {@code uri} alone is used as is.
 */
public final class ServiceRegistry {
    private static final String SERVING = "serving.knative.dev/";

    private final Map<String, URI> services = new ConcurrentHashMap<>();

    /** Registers (or moves) a Service; {@code base} is its root address. */
    public ServiceRegistry register(String serviceName, URI base) {
        services.put(serviceName, base.getPath().isEmpty() ? base.resolve("/") : base);
        return this;
    }

    public void unregister(String serviceName) {
        services.remove(serviceName);
    }

    public Optional<URI> address(String serviceName) {
        return Optional.ofNullable(services.get(serviceName));
    }

    /** The URL of a Destination, or empty when its Service is not registered (Knative: the Trigger is not ready). */
    public Optional<URI> resolve(Destination destination) {
        KReference ref = destination.getRef();
        String uri = destination.getUri();
        if (ref == null) {
            return Optional.ofNullable(uri).map(URI::create);
        }
        if (!"Service".equals(ref.getKind()) || ref.getApiVersion() == null || !ref.getApiVersion().startsWith(SERVING)) {
            throw new IllegalArgumentException("only Knative Services can be resolved locally, not " + describe(destination));
        }
        return address(ref.getName()).map(base -> uri == null ? base : base.resolve(uri));
    }

    /** A destination as written in the manifest, for logs and errors. */
    public static String describe(Destination destination) {
        KReference ref = destination.getRef();
        String target = ref == null ? "" : ref.getKind() + "/" + ref.getName();
        return destination.getUri() == null ? target : target + destination.getUri();
    }
}
