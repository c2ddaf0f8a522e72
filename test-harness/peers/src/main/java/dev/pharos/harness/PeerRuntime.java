package dev.pharos.harness;

import org.testcontainers.containers.GenericContainer;

/** How a peer runs: a local process, or a Testcontainers container when Docker answers. Closing stops it. */
sealed interface PeerRuntime extends AutoCloseable {
    @Override
    void close();

    record Local(PeerProcess process) implements PeerRuntime {
        @Override
        public void close() {
            process.close();
        }
    }

    record Container(GenericContainer<?> container) implements PeerRuntime {
        @Override
        public void close() {
            container.stop();
        }
    }
}
