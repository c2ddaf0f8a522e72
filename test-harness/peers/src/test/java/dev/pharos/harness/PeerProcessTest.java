package dev.pharos.harness;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PeerProcessTest {

    @Test
    void closeKillsTheWholeProcessTree() {
        PeerProcess peer = PeerProcess.start("tree", List.of("/bin/sh", "-c", "sleep 300 & sleep 300 & wait"), Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.isAlive() && countSleeps(peer) == 2);
        List<ProcessHandle> tree = ProcessHandle.of(peer.pid()).orElseThrow().descendants().toList();

        peer.close();

        assertThat(peer.isAlive()).isFalse();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(3).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aPeerThatDiesEarlyFailsWithItsLogTail() {
        PeerProcess peer = PeerProcess.start("early-exit", List.of("/bin/sh", "-c", "echo boom-marker; exit 3"),
                Map.of());
        assertThatThrownBy(() -> peer.awaitReady(Duration.ofSeconds(10), () -> false))
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("boom-marker");
    }

    @Test
    void aPeerThatNeverGetsReadyIsKilledAtTheDeadline() {
        PeerProcess peer = PeerProcess.start("never-ready", List.of("/bin/sh", "-c", "echo waiting; sleep 300"), Map.of());
        assertThatThrownBy(() -> peer.awaitReady(Duration.ofMillis(500), () -> false))
                .hasMessageContaining("not ready within")
                .hasMessageContaining("waiting");
        assertThat(peer.isAlive()).isFalse();
    }

    /** kill -9 of the JVM runs no shutdown hook: the guard must still kill the peer when its stdin pipe breaks. */
    @Test
    void aKilledJvmLeavesNoOrphan() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanProbe.class.getName()).redirectErrorStream(true).start();
        long peerChild;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("sleep-pid "));
            assertThat(line).as("the probe JVM reports its peer").isNotNull();
            peerChild = Long.parseLong(line.substring("sleep-pid ".length()).trim());
        }
        assertThat(ProcessHandle.of(peerChild)).isPresent();

        jvm.destroyForcibly(); // SIGKILL
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(peerChild).map(h -> !h.isAlive()).orElse(true));
    }

    private static long countSleeps(PeerProcess peer) {
        return ProcessHandle.of(peer.pid()).orElseThrow().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).count();
    }
}
