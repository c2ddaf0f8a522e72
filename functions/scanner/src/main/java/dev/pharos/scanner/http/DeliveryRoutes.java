package dev.pharos.scanner.http;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.FunctionTriggers;
import dev.pharos.scanner.ScannerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Funqy's Knative binding does not do for us (DESIGN.md, "Known facts"), in front of and behind it:
 * <ul>
 *   <li>a bound on concurrent deliveries: beyond {@code max-concurrent-scans}, 429 with {@code Retry-After}, which
 *       Knative retries, instead of queueing scans in memory;</li>
 *   <li>an event type this function does not consume is acknowledged (202, counted, logged) instead of Funqy's 404
 *       (or 409), which Knative would retry until the dead-letter sink;</li>
 *   <li>failures become problem+json with the status of their {@link PharosException.Kind}: 400 for malformed data
 *       (never retried), 503 for what a redelivery may fix; Funqy's 406 for a body that is not a CloudEvent with
 *       JSON data becomes 415.</li>
 * </ul>
 */
@ApplicationScoped
public class DeliveryRoutes {
    private static final Logger LOG = Logger.getLogger(DeliveryRoutes.class);
    private static final Set<String> CONSUMED = FunctionTriggers.consumedTypes();

    private final Semaphore permits;
    private final int maxConcurrent;
    private final MeterRegistry meters;

    public DeliveryRoutes(ScannerConfig config, MeterRegistry meters) {
        this.maxConcurrent = config.maxConcurrentScans();
        this.permits = new Semaphore(maxConcurrent);
        this.meters = meters;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::gate);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void gate(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST || context.request().path().startsWith("/q/")) {
            context.next();
            return;
        }
        String type = context.request().getHeader("ce-type");
        if (type != null && !CONSUMED.contains(type)) {
            ignore(context, type);
            return;
        }
        if (!permits.tryAcquire()) {
            meters.counter("pharos.scanner.deliveries", "result", "throttled").increment();
            Problems.send(context, 429, "too-many-scans", "this instance is running its maximum of "
                    + maxConcurrent + " scans; retry later", true);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        context.addEndHandler(ended -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
        context.next();
    }

    private void failure(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        Throwable failure = context.failure();
        if (failure == null) {
            switch (context.statusCode()) {
                // Funqy: no function (404) or several (409) for the type; only a structured event gets this far.
                case 404, 409 -> {
                    if (cloudEvent(context)) {
                        ignore(context, "a type no function here consumes");
                    } else {
                        context.next();
                    }
                }
                case 406 -> Problems.send(context, 415, PharosException.Kind.UNSUPPORTED.slug(),
                        "deliveries must be CloudEvents in binary mode with Content-Type: application/json, or in"
                                + " structured mode (application/cloudevents+json)", false);
                default -> context.next();
            }
            return;
        }
        PharosException pharos = pharosCause(failure);
        if (pharos.kind().httpStatus() >= 500) {
            LOG.warnf("delivery failed for retry: %s", pharos.getMessage());
        }
        Problems.send(context, pharos);
    }

    /** A broker delivery: binary mode ({@code ce-id} header) or structured mode (its content type). */
    private static boolean cloudEvent(RoutingContext context) {
        String contentType = context.request().getHeader("Content-Type");
        return context.request().method() == HttpMethod.POST && (context.request().getHeader("ce-id") != null
                || contentType != null && contentType.startsWith("application/cloudevents+json"));
    }

    private void ignore(RoutingContext context, String type) {
        meters.counter("pharos.scanner.deliveries", "result", "ignored").increment();
        LOG.warnf("ignoring a CloudEvent of %s: the scanner consumes only %s; check the Trigger filters", type,
                CONSUMED);
        context.response().setStatusCode(202).end();
    }

    private static PharosException pharosCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PharosException pharos) {
                return pharos;
            }
        }
        return new PharosException(PharosException.Kind.INTERNAL, "unexpected failure: " + failure, failure);
    }
}
