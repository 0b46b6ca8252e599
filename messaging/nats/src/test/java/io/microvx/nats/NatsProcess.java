package io.microvx.nats;

import io.microvx.testing.Ci;
import io.microvx.testing.RealServers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A nats-server with JetStream that a test owns, so that it can stop and restart it: on 127.0.0.1, a port
 * the system picked, storage in a folder of its own; restarted on the same port and folder. Stopped with
 * SIGTERM, as an operator restarts a server (JetStream writes what it holds on the way down).
 */
final class NatsProcess implements AutoCloseable {

  private final int port;
  private final Path storage;
  private final List<String> extra;
  private Process process;

  private NatsProcess(int port, Path storage, List<String> extra) {
    this.port = port;
    this.storage = storage;
    this.extra = extra;
  }

  /** Starts one; fails under CI, skips elsewhere, when nats-server is not installed. */
  static NatsProcess start(String... extraArgs) {
    Ci.require(binary() != null, "nats-server is not installed (scripts/services/start nats installs it)");
    try {
      NatsProcess server = new NatsProcess(RealServers.freePort(), Files.createTempDirectory("microvx-nats-"), List.of(extraArgs));
      server.up();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** Stops the server and starts it again on the same port and storage; returns once it answers. */
  void restart() {
    down();
    up();
  }

  void down() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  void up() {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "-a", "127.0.0.1", "-p", String.valueOf(port),
      "-js", "-sd", storage.toString()));
    command.addAll(extra);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(storage.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start nats-server", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!RealServers.answers(url())) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("nats-server did not start on port " + port + ": see " + storage.resolve("server.log"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    down();
    try (Stream<Path> files = Files.walk(storage)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary folder left behind
    }
  }


  /** nats-server on the PATH, or where Debian's package puts it; null when neither has it. */
  private static Path binary() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    for (String dir : dirs) {
      Path candidate = Path.of(dir, "nats-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
