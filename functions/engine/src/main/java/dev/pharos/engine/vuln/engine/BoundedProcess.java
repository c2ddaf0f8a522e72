package dev.pharos.engine.vuln.engine;

import dev.pharos.core.error.PharosException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external tool with bounds: input written to its standard input, its standard output kept up to a limit,
 * the tail of its standard error kept for messages, and a deadline after which it is killed with every process it
 * started (a shell wrapper's children would otherwise outlive it and hold the output pipe open).
 */
final class BoundedProcess {
    private static final int STDERR_TAIL = 4096;
    private static final int CHUNK = 8192;

    /** What a process left behind: its exit code, its output and the end of its error output. */
    record Outcome(int exitCode, byte[] stdout, String stderrTail) {
    }

    private final String engine;
    private final Duration timeout;
    private final long maxStdout;

    BoundedProcess(String engine, Duration timeout, long maxStdout) {
        this.engine = engine;
        this.timeout = timeout;
        this.maxStdout = maxStdout;
    }

    Outcome run(List<String> command, Map<String, String> environment, byte[] stdin) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw EngineFailure.of(PharosException.Kind.INVALID_CONFIG, engine, "cannot run " + command.get(0)
                    + ": " + e.getMessage(), e);
        }
        try {
            Thread.ofVirtual().start(() -> feed(process, stdin));
            CompletableFuture<byte[]> stdout = drain(process, process.getInputStream(), false);
            CompletableFuture<byte[]> stderr = drain(process, process.getErrorStream(), true);
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(command);
            }
            // A child that inherited the output may keep it open after the tool exited: the deadline still holds.
            byte[] out = stdout.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            byte[] err = stderr.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Outcome(process.exitValue(), out, tail(err));
        } catch (TimeoutException e) {
            throw timedOut(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, "interrupted while running "
                    + command.get(0), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutputTooLarge) {
                throw EngineFailure.of(PharosException.Kind.LIMIT_EXCEEDED, engine, command.get(0)
                        + " wrote more than " + maxStdout + " bytes of output");
            }
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, "reading the output of "
                    + command.get(0) + " failed: " + e.getCause(), e.getCause());
        } finally {
            kill(process);
        }
    }

    private PharosException timedOut(List<String> command) {
        return EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, command.get(0) + " did not finish within "
                + timeout + " and was killed");
    }

    private static void feed(Process process, byte[] stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The tool exited or closed its input without reading all of it: its exit code and output say why.
        }
    }

    /**
     * Reads a stream to its end, keeping either its last {@link #STDERR_TAIL} bytes ({@code tailOnly}) or all of it
     * up to {@link #maxStdout}: past that the process is killed and the read fails.
     */
    private CompletableFuture<byte[]> drain(Process process, InputStream stream, boolean tailOnly) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] chunk = new byte[CHUNK];
            try (stream) {
                for (int n = stream.read(chunk); n >= 0; n = stream.read(chunk)) {
                    if (!tailOnly && bytes.size() + (long) n > maxStdout) {
                        kill(process);
                        result.completeExceptionally(new OutputTooLarge());
                        return;
                    }
                    bytes.write(chunk, 0, n);
                    if (tailOnly && bytes.size() > 2 * STDERR_TAIL) {
                        byte[] kept = Arrays.copyOfRange(bytes.toByteArray(), bytes.size() - STDERR_TAIL,
                                bytes.size());
                        bytes.reset();
                        bytes.write(kept, 0, kept.length);
                    }
                }
                result.complete(bytes.toByteArray());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String tail(byte[] stderr) {
        int from = Math.max(0, stderr.length - STDERR_TAIL);
        return new String(stderr, from, stderr.length - from, StandardCharsets.UTF_8);
    }

    /** Children first: once the parent is gone they are re-parented and no longer its descendants. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static final class OutputTooLarge extends IOException {
    }
}
