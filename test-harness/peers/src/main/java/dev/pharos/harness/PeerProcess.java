package dev.pharos.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A local server process run for tests, with its output in {@code target/pharos-peers/<name>-<n>.log}.
 * <p>
 * Orphans are the classic failure of process-based test peers, so the command runs under a small {@code sh} guard:
 * the peer gets its own process group ({@code setsid}), and the guard kills that whole group as soon as its stdin
 * (a pipe from this JVM) reaches end-of-file. That happens on {@link #close()}, and also when this JVM dies in any
 * way, including {@code kill -9} where no shutdown hook runs. A JVM shutdown hook closes whatever is still open.
 */
public final class PeerProcess implements AutoCloseable {
    // dash's kill takes no "--": "-PID" after the signal already means the process group. Once the peer's main
    // process is gone (stopped or crashed), whatever is left in its group is killed too.
    private static final String GUARD = """
            exec 3<&0
            if command -v setsid >/dev/null 2>&1; then setsid "$@" </dev/null & else "$@" </dev/null & fi
            child=$!
            ( read -r _ <&3
              kill -TERM -"$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
              i=0; while [ $i -lt 50 ] && kill -0 "$child" 2>/dev/null; do sleep 0.1; i=$((i+1)); done
              kill -KILL -"$child" 2>/dev/null || kill -KILL "$child" 2>/dev/null ) &
            watcher=$!
            wait "$child"; status=$?
            kill -KILL -"$child" 2>/dev/null
            kill "$watcher" 2>/dev/null
            exit $status
            """;
    private static final Set<PeerProcess> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(PeerProcess::close),
                "pharos-peer-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private PeerProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} with extra environment variables; output (stdout and stderr) goes to the log file. */
    public static PeerProcess start(String name, List<String> command, Map<String, String> env) {
        Path log = Peers.workDir().resolve(name + "-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + ".log");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "pharos-peer-guard"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(Peers.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            PeerProcess peer = new PeerProcess(name, builder.start(), log);
            OPEN.add(peer);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Polls {@code ready} until it answers true. Fails fast (with the log tail) when the process exits, and after
     * {@code timeout}; in both cases the process is closed first so nothing is left behind.
     */
    public PeerProcess awaitReady(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                close();
                throw failure(name + " exited with status " + process.exitValue() + " before it was ready");
            }
            if (safely(ready)) {
                return this;
            }
            if (System.nanoTime() > deadline) {
                close();
                throw failure(name + " not ready within " + timeout);
            }
            sleep(100);
        }
    }

    /** Waits for a short-lived command to finish; on timeout kills it and throws with the log tail. */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                OPEN.remove(this);
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw failure(name + " did not finish within " + timeout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** An exception whose message ends with the peer's log tail. */
    public IllegalStateException failure(String message) {
        return new IllegalStateException(message + "\n--- last lines of " + logFile + " ---\n" + logTail(40));
    }

    /** Stops the peer and every process under it; waits for them to be gone. Idempotent. */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        // Snapshot first: once the group leader dies its children are re-parented and no longer our descendants.
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            process.getOutputStream().close(); // EOF tells the guard to kill the group
        } catch (IOException ignored) {
            // already closed: the guard sees EOF anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            handle.onExit().completeOnTimeout(handle, 5, TimeUnit.SECONDS).join();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ", log " + logFile + ")";
    }

    private static boolean safely(BooleanSupplier probe) {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
