package dev.pharos.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM by {@link TestPostgresTest}: starts the embedded server, reports the postmaster pid, waits. */
public final class PostgresOrphanProbe {
    private PostgresOrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        TestPostgres.shared();
        Path pidFile = Peers.workDir().resolve("postgres-" + ProcessHandle.current().pid()).resolve("data/postmaster.pid");
        System.out.println("postmaster-pid " + Files.readAllLines(pidFile).get(0).trim());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
