package io.microvx.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of the processes on a path, so the gateway scenario can report CPU per request as the others do
 * (client and server together): the servers' from {@link ProcessHandle.Info#totalCpuDuration()}, and
 * {@code wrk}'s, which has exited by the time it is read, from the runner's reaped-children counters
 * ({@code cutime} and {@code cstime} of {@code /proc/self/stat}; the other children, greeter, gateway and
 * nginx, are reaped only at the end). Linux only; elsewhere -1, and the report shows no CPU figure.
 */
final class CpuTime {

  private static final long NANOS_PER_TICK = nanosPerTick();

  private CpuTime() {
  }

  /** Total CPU time of the processes so far in ns, or -1 when one does not tell. */
  static long of(List<ProcessHandle> processes) {
    long total = 0;
    for (ProcessHandle process : processes) {
      Duration cpu = process.info().totalCpuDuration().orElse(null);
      if (cpu == null) {
        return -1;
      }
      total += cpu.toNanos();
    }
    return total;
  }

  /** CPU time of this process's children that have exited and been waited for, in ns, or -1. */
  static long reapedChildren() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // fields after the command name (which may hold spaces, inside parentheses): state is field 3
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long cutime = Long.parseLong(fields[16 - 3]);
      long cstime = Long.parseLong(fields[17 - 3]);
      return (cutime + cstime) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long nanosPerTick() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return 1_000_000_000L / Long.parseLong(out);
      }
    } catch (IOException | RuntimeException e) {
      // the usual value below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 1_000_000_000L / 100;
  }
}
