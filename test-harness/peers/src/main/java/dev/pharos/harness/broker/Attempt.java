package dev.pharos.harness.broker;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP delivery attempt: the event POSTed in binary content mode (the CloudEvents HTTP binding's binary mode, what
 * Knative's dispatchers send), and what came back. {@code status} is 0 when no response arrived (refused connection,
 * timeout); {@code body} is read up to a cap.
 */
record Attempt(int status, Map<String, List<String>> headers, byte[] body, String error) {

    static Attempt send(HttpClient http, URI target, CloudEvent event, Optional<Duration> timeout, int maxBodyBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target);
        timeout.ifPresent(request::timeout);
        // Knative's data-plane contract: a sender that routes replies asks for them.
        request.header("Prefer", "reply");
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] read;
            try (InputStream in = response.body()) {
                read = in.readNBytes(maxBodyBytes);
            }
            return new Attempt(response.statusCode(), response.headers().map(), read, null);
        } catch (HttpTimeoutException e) {
            return new Attempt(0, Map.of(), new byte[0], "timeout");
        } catch (IOException e) {
            return new Attempt(0, Map.of(), new byte[0], "connection error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, Map.of(), new byte[0], "interrupted");
        }
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** Connection errors and timeouts are retried like Knative's retryable statuses. */
    boolean retryable() {
        return status == 0 || DeliveryPolicy.retryable(status);
    }

    /** {@code Retry-After} in seconds or as an HTTP-date (RFC 9110 section 10.2.3). */
    Optional<Duration> retryAfter() {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .flatMap(e -> e.getValue().stream()).findFirst().flatMap(Attempt::parseRetryAfter);
    }

    /** The reply event of a 200 whose body is a CloudEvent (binary or structured), if any. */
    Optional<CloudEvent> reply() {
        if (status != 200 || body.length == 0 && headers.keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("ce-"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpMessageFactory.createReaderFromMultimap(headers, body).toEvent());
        } catch (RuntimeException notACloudEvent) {
            return Optional.empty();
        }
    }

    String describe() {
        return status == 0 ? error : String.valueOf(status);
    }

    /** The same rule as the engine's registry client (which this harness cannot depend on): RFC 9110 10.2.3. */
    private static Optional<Duration> parseRetryAfter(String value) {
        String trimmed = value.strip();
        if (trimmed.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException neither) {
            return Optional.empty();
        }
    }
}
