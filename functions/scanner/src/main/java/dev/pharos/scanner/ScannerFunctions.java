package dev.pharos.scanner;

import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.core.event.ScanRequested;
import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.VulndbUpdated;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;

import java.util.Optional;
import java.util.UUID;

/**
 * The broker's deliveries, one function per CloudEvent type (mapped by {@link FunctionTriggers}). They return
 * nothing: a 200 with a CloudEvent body would be a reply the broker routes back, so success is 204 and events go out
 * through the emitter.
 */
public class ScannerFunctions {
    private final ScanService scans;
    private final RematchService rematches;

    public ScannerFunctions(ScanService scans, RematchService rematches) {
        this.scans = scans;
        this.rematches = rematches;
    }

    @Funq
    public void imagePushed(CloudEvent<ImagePushed> event) {
        Incoming<ImagePushed> in = Incoming.of(event);
        ImagePushed push = in.data();
        // DESIGN: consumers dedupe on source + id; the scan row carries it as its dedupe key.
        String dedupeKey = in.source() + " " + in.id();
        scans.handle(new ScanJob(UUID.fromString(PharosEvents.stableId("scan:" + dedupeKey)), Optional.of(dedupeKey),
                ScanTrigger.PUSH, push.registry(), push.repository(), push.tag(), push.digest(), false,
                push.actor(), in.correlationId()));
    }

    @Funq
    public void scanRequested(CloudEvent<ScanRequested> event) {
        Incoming<ScanRequested> in = Incoming.of(event);
        ScanRequested request = in.data();
        scans.handle(new ScanJob(request.scanId(), Optional.empty(), ScanTrigger.REQUEST, request.registry(),
                request.repository(), request.tag(), request.digest(), request.force(), request.requestedBy(),
                in.correlationId()));
    }

    @Funq
    public void vulndbUpdated(CloudEvent<VulndbUpdated> event) {
        Incoming<VulndbUpdated> in = Incoming.of(event);
        rematches.handle(in.data(), in.correlationId());
    }
}
