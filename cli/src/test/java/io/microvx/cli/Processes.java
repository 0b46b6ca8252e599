package io.microvx.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the micro command (and Maven) as separate processes, as a user would, and cleans them up. */
final class Processes implements AutoCloseable {

  static final Path MICRO_JAR = Path.of("target/micro.jar").toAbsolutePath();
  static final Path GREETER_JAR = Path.of("../examples/target/greeter.jar").toAbsolutePath().normalize();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final List<Running> running = new CopyOnWriteArrayList<>();
  private final List<String> prefix;

  Processes() {
    this(List.of());
  }

  /** Runs every command through {@code prefix}, e.g. {@code ip netns exec NS}: on another host. */
  Processes(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /** A finished command: exit status and what it printed. */
  record Result(int exit, String out, String err) {
  }

  /** A command still running, its output collected as it comes. */
  static final class Running {
    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final boolean detached;
    /** Times a file reader found the end of what was written so far; for {@link #drain()}. */
    private final java.util.concurrent.atomic.AtomicLong caughtUp = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean stopped;

    Running(Process process) {
      this.process = process;
      this.detached = false;
      readers.add(pump(process.getInputStream(), out));
      readers.add(pump(process.getErrorStream(), err));
    }

    /** A process whose output goes to files, read as they grow. */
    Running(Process process, Path outFile, Path errFile) {
      this.process = process;
      this.detached = true;
      readers.add(tail(outFile, out));
      readers.add(tail(errFile, err));
    }

    /** Waits until everything the process printed has been read. */
    void drain() throws InterruptedException {
      if (detached) {
        // the files stay open to background jobs: wait for both readers to reach what is written now
        long target = caughtUp.get() + 2;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (caughtUp.get() < target && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        return;
      }
      for (Thread reader : readers) {
        reader.join(5_000);
      }
    }

    private Thread tail(Path file, List<String> lines) {
      Thread reader = new Thread(() -> {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
          java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
          while (!stopped) {
            int b = in.read();
            if (b < 0) {
              caughtUp.incrementAndGet();
              Thread.sleep(50); // at the end for now: the file grows as long as something writes to it
            } else if (b == '\n') {
              lines.add(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        } catch (IOException | InterruptedException e) {
          // the test is over
        }
      });
      reader.setDaemon(true);
      reader.start();
      return reader;
    }

    private static Thread pump(java.io.InputStream stream, List<String> lines) {
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
      return reader;
    }

    /** Waits for an output line (stdout or stderr) that matches. */
    String awaitLine(Predicate<String> matches, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : out) {
          if (matches.test(line)) {
            return line;
          }
        }
        for (String line : err) {
          if (matches.test(line)) {
            return line;
          }
        }
        if (!process.isAlive()) {
          // its last lines may still be on their way from the pipes: read them to the end before judging
          try {
            drain();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (out.stream().noneMatch(matches) && err.stream().noneMatch(matches)) {
            throw new AssertionError("the process ended (" + process.exitValue() + ") without the line; out " + out + " err " + err);
          }
          continue;
        }
        sleep(20);
      }
      throw new AssertionError("no such line within " + timeout + "; out " + out + " err " + err);
    }

    /** Where the proxy of {@code micro server} or {@code micro proxy} on loopback listens, read from its line. */
    String awaitProxyAddress(Duration timeout) {
      return listeningAddress(awaitLine(l -> l.startsWith("proxy listening on 127.0.0.1:"), timeout));
    }

    /** SIGTERM, then the exit status (through the handle: Process.destroy() would close the output unread). */
    int terminate(Duration timeout) throws InterruptedException {
      process.toHandle().destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not stop within " + timeout + " after SIGTERM");
      }
      drain();
      return process.exitValue();
    }

    /** Resident memory from /proc, in MiB. */
    long rssMib() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      return -1;
    }
  }

  Running start(Path dir, Map<String, String> env, String... command) throws IOException {
    Running process = new Running(builder(dir, env, command).start());
    running.add(process);
    return process;
  }

  /**
   * Starts a command whose output outlives it (a line ending in {@code &}), its output going to files
   * read as they grow. Through pipes it could be lost: once the shell exits, Java takes what is left in
   * its pipes and closes them, and the job it sent to the background then writes to a closed pipe.
   */
  Running startDetached(Path dir, Map<String, String> env, String... command) throws IOException {
    Path out = Files.createTempFile("detached-", ".out");
    Path err = Files.createTempFile("detached-", ".err");
    Process process = builder(dir, env, command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    Running detached = new Running(process, out, err);
    running.add(detached);
    return detached;
  }

  private static ProcessBuilder builder(Path dir, Map<String, String> env, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // the plugins a test sees are the ones it names
    builder.environment().remove("MICRO_PLUGIN_PATH");
    builder.environment().putAll(env);
    return builder;
  }

  Running micro(Map<String, String> env, String... args) throws IOException {
    return micro(List.of(), env, args);
  }

  /** The micro command in a JVM given these options ({@code -Duser.home=...}). */
  Running micro(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(JAVA);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", MICRO_JAR.toString()));
    command.addAll(List.of(args));
    return start(Path.of("."), env, command.toArray(String[]::new));
  }

  /** Runs a micro command to its end. */
  /** Waits until {@code micro list services} (with that environment) lists the service. */
  void awaitService(Map<String, String> env, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Result list = run(env, null, "list", "services", "--output", "json");
      if (list.exit() == 0 && list.out().contains("\"name\":\"" + name + "\"")) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError(name + " never registered");
  }

  Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
    return run(List.of(), env, stdin, args);
  }

  Result run(List<String> jvmOptions, Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
    Running process = micro(jvmOptions, env, args);
    if (stdin != null) {
      try (OutputStream in = process.process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.process.waitFor(60, TimeUnit.SECONDS)) {
      process.process.destroyForcibly();
      throw new AssertionError("micro " + String.join(" ", args) + " did not finish within 60 s");
    }
    process.drain();
    return new Result(process.process.exitValue(), String.join("\n", process.out), String.join("\n", process.err));
  }

  /** {@code host:port} of a line such as {@code proxy listening on 127.0.0.1:41234 (ready in 500 ms)}. */
  static String listeningAddress(String line) {
    return line.replaceAll("^.* listening on (?:https://)?(\\S+).*$", "$1");
  }

  /** The port of such a line: the parts bind port 0 and say which port they got. */
  static int listeningPort(String line) {
    String address = listeningAddress(line);
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** A port nobody listens on (for calls that must fail to connect; never to bind later). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (Running process : running) {
      process.stopped = true;
      process.process.toHandle().destroy();
    }
    for (Running process : running) {
      try {
        if (!process.process.waitFor(15, TimeUnit.SECONDS)) {
          process.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.process.destroyForcibly();
      }
    }
  }
}
