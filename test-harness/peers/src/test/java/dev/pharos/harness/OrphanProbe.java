package dev.pharos.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Run in a child JVM by {@link PeerProcessTest}: starts a peer, reports its pid, then waits to be killed. */
public final class OrphanProbe {
    private OrphanProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        PeerProcess peer = PeerProcess.start("orphan-probe", List.of("sleep", "300"), Map.of());
        long[] pid = new long[1];
        peer.awaitReady(Duration.ofSeconds(10), () -> ProcessHandle.of(peer.pid()).orElseThrow().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .peek(h -> pid[0] = h.pid()).count() == 1);
        System.out.println("sleep-pid " + pid[0]);
        System.out.flush();
        Thread.sleep(300_000);
    }
}
