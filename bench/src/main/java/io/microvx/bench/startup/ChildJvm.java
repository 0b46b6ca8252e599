package io.microvx.bench.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code java} process started for measuring: timed from {@link ProcessBuilder#start} to its ready line
 * (which may carry what the child found out, e.g. the port it got), its resident memory read from
 * {@code /proc/<pid>/status}. Every process started here is stopped by {@link #close} and, should the
 * runner die first, by a shutdown hook. Used by the start-up and gateway scenarios.
 */
public final class ChildJvm implements AutoCloseable {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-child-reaper"));
  }

  private final Process process;
  private final Path log;
  private final double startMillis;
  private final String readyLine;

  private ChildJvm(Process process, Path log, double startMillis, String readyLine) {
    this.process = process;
    this.log = log;
    this.startMillis = startMillis;
    this.readyLine = readyLine;
  }

  private record Ready(long at, String line) {
  }

  /** Starts {@code java -cp classPath main args…} and waits (at most 60 s) for the line {@code ready}. */
  public static ChildJvm start(String classPath, String main, List<String> args, String ready) throws Exception {
    return start(List.of(), classPath, main, args, ready);
  }

  /** As {@link #start(String, String, List, String)}, with options for the JVM (a flight recording). */
  public static ChildJvm start(List<String> jvmOptions, String classPath, String main, List<String> args, String ready)
    throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.addAll(args);
    Path log = Files.createTempFile("microvx-bench-child-", ".log");
    // close removes it; this covers a runner stopped before it could close
    log.toFile().deleteOnExit();
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    // the child configures itself from its arguments only, not from whatever MICRO_* the runner has
    builder.environment().keySet().removeIf(name -> name.startsWith("MICRO_"));
    long begin = System.nanoTime();
    Process process = builder.start();
    LIVE.add(process);
    CompletableFuture<Ready> readyAt = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, ready, readyAt), "bench-child-stdout");
    reader.setDaemon(true);
    reader.start();
    ChildJvm child = new ChildJvm(process, log, 0, null);
    try {
      Ready got = readyAt.get(60, TimeUnit.SECONDS);
      return new ChildJvm(process, log, (got.at() - begin) / 1e6, got.line());
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      String tail = child.logTail();
      child.close();
      throw new IllegalStateException("child " + main + " " + args + " did not get ready: " + e.getMessage()
        + (tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail), e);
    }
  }

  private static void drain(Process process, String ready, CompletableFuture<Ready> readyAt) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.contains(ready)) {
          readyAt.complete(new Ready(System.nanoTime(), line));
        }
      }
      readyAt.completeExceptionally(new IllegalStateException("exited with " + process.waitFor() + " before ready"));
    } catch (IOException | InterruptedException e) {
      readyAt.completeExceptionally(e);
    }
  }

  /** From start to the ready line. */
  double startMillis() {
    return startMillis;
  }

  /** The first line of standard output that contained the ready text. */
  public String readyLine() {
    return readyLine;
  }

  /** The process, to read its CPU time. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** VmRSS in MiB, or null where {@code /proc} is not there. */
  public Double rssMib() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.exists(status)) {
      return null;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
        return Long.parseLong(kb) / 1024.0;
      }
    }
    return null;
  }

  /**
   * The live heap in MiB: the total of {@code jcmd GC.class_histogram}, which collects first, so unlike
   * RSS it leaves out garbage and heap the JVM has reserved but not filled. Null without {@code jcmd}.
   */
  public Double liveHeapMib() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return null;
    }
    Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
      .redirectErrorStream(true).start();
    List<String> lines = new String(histogram.getInputStream().readAllBytes()).lines().toList();
    if (!histogram.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || histogram.exitValue() != 0) {
      return null;
    }
    // the last line reads "Total <instances> <bytes>"
    String[] total = lines.stream().filter(line -> line.startsWith("Total")).findFirst().orElse("").trim().split("\\s+");
    return total.length == 3 ? Long.parseLong(total[2]) / (1024.0 * 1024.0) : null;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its log. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      LIVE.remove(process);
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
