package dev.pharos.core.event;

import dev.pharos.core.error.PharosException;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;

/**
 * Sends CloudEvents to the broker in binary mode (attributes in {@code ce-} headers, payload as the body), the mode
 * Knative brokers handle natively. Any non-2xx answer or network failure is {@link PharosException.Kind#UNAVAILABLE}
 * so that the caller answers its own sender 5xx and the sender retries.
 */
@ApplicationScoped
public class EventEmitter {
    private final WebClient client;
    private final EventsConfig config;

    public EventEmitter(Vertx vertx, EventsConfig config) {
        this.config = config;
        int timeoutMillis = Math.toIntExact(config.timeout().toMillis());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setKeepAlive(true)
                .setMaxPoolSize(64));
    }

    public Uni<Void> emit(CloudEvent event) {
        URI sink = config.sink().orElseThrow(() -> new PharosException(PharosException.Kind.INVALID_CONFIG,
                "no broker address: set K_SINK (pharos.events.sink)"));
        var request = client.postAbs(sink.toString()).timeout(config.timeout().toMillis());
        return Uni.createFrom()
                .completionStage(() -> VertxMessageFactory.createWriter(request).writeBinary(event).toCompletionStage())
                .onFailure().transform(failure -> new PharosException(PharosException.Kind.UNAVAILABLE,
                        "broker at " + sink + " unreachable: " + failure.getMessage(), failure))
                .map(response -> requireAccepted(sink, event, response));
    }

    private static Void requireAccepted(URI sink, CloudEvent event, HttpResponse<?> response) {
        if (response.statusCode() / 100 != 2) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "broker at " + sink + " answered "
                    + response.statusCode() + " to event " + event.getId() + " (" + event.getType() + ")");
        }
        return null;
    }
}
