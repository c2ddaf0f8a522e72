package dev.pharos.intake;

import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.TestPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.pharos.intake.Deliveries.distributionEnvelope;
import static dev.pharos.intake.Deliveries.postToRegistryEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The database goes away mid-burst: deliveries are refused for retry, nothing is lost or doubled. */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class DatabaseOutageTest {
    private static final String DIGEST = "sha256:" + "db".repeat(32);

    private final CapturingSink sink = IntakeTestResource.sink();

    @Test
    void deliveriesDuringAnOutageAre503AndTheirRetriesEmitExactlyOnce() throws InterruptedException {
        String repository = Deliveries.unique("team/outage-db");
        String before = distributionEnvelope(UUID.randomUUID().toString(), repository, "before", DIGEST);
        String during = distributionEnvelope(UUID.randomUUID().toString(), repository, "during", DIGEST);
        postToRegistryEndpoint(before).statusCode(200);

        TestPostgres.shared().stop();
        try {
            postToRegistryEndpoint(during).statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("database unavailable"));
        } finally {
            TestPostgres.shared().start();
        }

        // Senders retry on 5xx; the pool reconnects within a few attempts.
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; attempt++) {
            status = postToRegistryEndpoint(during).extract().statusCode();
            if (status != 200) {
                assertThat(status).isEqualTo(503);
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(200);
        postToRegistryEndpoint(before).statusCode(200);

        assertThat(Deliveries.eventsFor(sink, repository)).extracting(event -> event.getSubject())
                .containsExactlyInAnyOrder("127.0.0.1:5000/" + repository + ":before@" + DIGEST,
                        "127.0.0.1:5000/" + repository + ":during@" + DIGEST);
    }
}
