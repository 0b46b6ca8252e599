package io.microvx.registry.etcd;

import io.microvx.testing.Await;
import io.microvx.testing.Ci;
import io.microvx.testing.RealServers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An etcd of a test's own (Debian's etcd-server, as scripts/services installs it), for the cases that stop
 * it, wipe it or turn authentication on: on 127.0.0.1, ports chosen by the system, data in a folder of
 * its own. Stopping kills the process, as a crash would.
 */
final class EtcdProcess implements AutoCloseable {

  private final int clientPort = RealServers.freePort();
  private final int peerPort = RealServers.freePort();
  private final List<String> tls;
  private Path data;
  private Process process;

  private EtcdProcess(List<String> tls) {
    this.tls = tls;
  }

  /** Starts it with an empty data folder; fails (CI) or skips when etcd is not installed. */
  static EtcdProcess start() {
    return start(List.of());
  }

  /** Serving clients over HTTPS with this PEM certificate and key. */
  static EtcdProcess startTls(Path cert, Path key) {
    return start(List.of("--cert-file", cert.toString(), "--key-file", key.toString()));
  }

  private static EtcdProcess start(List<String> tls) {
    Ci.require(Ci.onPath("etcd"), "etcd is not installed (scripts/services/start etcd installs it with apt)");
    EtcdProcess etcd = new EtcdProcess(tls);
    etcd.startFresh();
    return etcd;
  }

  String address() {
    return "127.0.0.1:" + clientPort;
  }

  /** Starts again on the same ports with an empty data folder: etcd as after losing everything. */
  void startFresh() {
    try {
      if (data != null) {
        deleteFolder(data);
      }
      data = Files.createTempDirectory("microvx-etcd");
      Path log = data.resolveSibling(data.getFileName() + ".log");
      String scheme = tls.isEmpty() ? "http://" : "https://";
      List<String> command = new java.util.ArrayList<>(List.of("etcd", "--name", "test",
        "--data-dir", data.resolve("member").toString(),
        "--listen-client-urls", scheme + address(), "--advertise-client-urls", scheme + address(),
        "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-cluster", "test=http://127.0.0.1:" + peerPort));
      command.addAll(tls);
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start etcd", e);
    }
    Await.until("etcd at " + address() + " to answer", Duration.ofSeconds(30), this::healthy);
  }

  private boolean healthy() {
    if (!process.isAlive()) {
      throw new AssertionError("etcd exited with " + process.exitValue());
    }
    if (!RealServers.answers(address())) {
      return false;
    }
    if (!tls.isEmpty()) {
      return true; // the test's own client says when it answers over TLS
    }
    try {
      new EtcdHttp(address()).post("/v3/kv/range", new io.vertx.core.json.JsonObject().put("key", "AA=="));
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Kills it, as a crash would. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      kill();
    }
    if (data != null) {
      deleteFolder(data);
      data.resolveSibling(data.getFileName() + ".log").toFile().delete();
    }
  }

  static void deleteFolder(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary folder left behind is no failure of the test
    }
  }



  /** The java command running a main class of the test class path, as another process. */
  static List<String> java(String mainClass, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
      "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
