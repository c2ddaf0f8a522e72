package dev.pharos.harness.bench;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time used by this JVM (all threads: matching, parsing, JIT, GC) and by the PostgreSQL backends of the bench's
 * database. Unlike elapsed time it does not grow when other jobs share the cores, so it is the figure to compare
 * between runs on a busy machine. Backends are read from {@code /proc/<pid>/stat} (utime + stime, in Linux's fixed
 * USER_HZ of 100 ticks a second); a database on another host has no figure.
 */
final class CpuTime {
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** A reading: JVM nanoseconds and, when readable, the backends' nanoseconds. */
    record Reading(long jvm, OptionalLong postgres) {
        /** The CPU used from this reading to {@code later}, divided by {@code units} and labelled with {@code per}. */
        String per(Reading later, int units, String per) {
            String database = postgres.isPresent() && later.postgres.isPresent()
                    ? String.format("%.1f ms", (later.postgres.getAsLong() - postgres.getAsLong()) / 1e6 / units)
                    : "not readable";
            return String.format("CPU per %s: JVM %.1f ms, PostgreSQL %s", per, (later.jvm - jvm) / 1e6 / units,
                    database);
        }
    }

    private CpuTime() {
    }

    static Reading now(Pool pool) {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long ticks = 0;
        for (Row row : pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").execute()
                .await().indefinitely()) {
            Path stat = Path.of("/proc", row.getInteger("pid").toString(), "stat");
            try {
                // Fields after the command name in parentheses: state is the 1st, utime the 12th, stime the 13th.
                String content = Files.readString(stat);
                String[] fields = content.substring(content.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return new Reading(jvm, OptionalLong.empty());
            }
        }
        return new Reading(jvm, OptionalLong.of(ticks * NANOS_PER_TICK));
    }
}
