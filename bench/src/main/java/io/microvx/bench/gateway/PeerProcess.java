package io.microvx.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A proxy the gateway is measured against (nginx, HAProxy), in the foreground as a child of the runner, with
 * its config and logs in a directory of its own, listening on 127.0.0.1 only. Neither can listen on port 0
 * and tell, so a port the system just gave out is used; should another process take it in between, the next
 * try takes another.
 */
final class PeerProcess implements AutoCloseable {

  /** Starts the peer's process for a port, its config written first. */
  @FunctionalInterface
  interface Launch {
    ProcessBuilder on(int port) throws IOException;
  }

  private final String name;
  private final Process process;
  private final Path directory;
  private final List<String> logs;
  private final int port;
  private final Thread reaper;

  private PeerProcess(String name, Process process, Path directory, List<String> logs, int port) {
    this.name = name;
    this.process = process;
    this.directory = directory;
    this.logs = logs;
    this.port = port;
    // should the runner exit before close (a test JVM, say), the peer must not outlive it
    this.reaper = new Thread(this::stop, "bench-" + name + "-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts the peer and waits until it accepts connections; its output goes to {@code NAME.stderr} in the
   * directory, which a failure reports with the other {@code logs} files there.
   */
  static PeerProcess start(String name, Path directory, List<String> logs, Launch launch)
    throws IOException, InterruptedException {
    return start(name, directory, logs, Duration.ofSeconds(10), launch);
  }

  /** As above, waiting up to {@code startup} for it to listen (a JVM takes longer than nginx). */
  static PeerProcess start(String name, Path directory, List<String> logs, Duration startup, Launch launch)
    throws IOException, InterruptedException {
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      Path output = directory.resolve(name + ".stderr");
      Process process = launch.on(port).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      PeerProcess peer = new PeerProcess(name, process, directory,
        Stream.concat(Stream.of(name + ".stderr"), logs.stream()).toList(), port);
      try {
        peer.awaitListening(startup);
        return peer;
      } catch (IllegalStateException e) {
        peer.close();
        failure = e;
      }
    }
    throw failure;
  }

  int port() {
    return port;
  }

  /** The process and its workers, to read their CPU time. */
  List<ProcessHandle> processes() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  /** The first line a command prints (its version), or null. */
  static String firstLine(String... command) {
    try {
      Process v = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      v.waitFor(5, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void awaitListening(Duration startup) throws InterruptedException {
    long deadline = System.nanoTime() + startup.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(name + " not listening on 127.0.0.1:" + port + " after " + startup.toSeconds() + " s: "
      + logs());
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (String log : logs) {
      try {
        Path file = directory.resolve(log);
        if (Files.exists(file)) {
          text.append(Files.readString(file).strip()).append(' ');
        }
      } catch (IOException ignored) {
        // the message goes without it
      }
    }
    return text.toString().trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /** Stops the peer (SIGTERM, then SIGKILL to it and its workers after 10 s). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    stop();
  }

  private void stop() {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // a master stops its workers; had it to be killed, they must not outlive it
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s on 127.0.0.1:%d", name, port);
  }
}
