package dev.pharos.intake;

import dev.pharos.core.persistence.DeliveryLedger;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Drops expired dedupe keys while an instance is up; expired keys are already ignored by claims either way. */
@ApplicationScoped
public class LedgerPurge {
    private static final Logger LOG = Logger.getLogger(LedgerPurge.class);
    private final DeliveryLedger ledger;

    public LedgerPurge(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    @Scheduled(every = "${pharos.intake.dedupe.purge-interval}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return ledger.purgeExpired()
                .invoke(count -> LOG.debugf("purged %d expired delivery keys", count))
                .onFailure().invoke(failure -> LOG.warnf("ledger purge failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
