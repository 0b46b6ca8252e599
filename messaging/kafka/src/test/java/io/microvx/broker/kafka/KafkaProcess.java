package io.microvx.broker.kafka;

import io.microvx.testing.Ci;
import io.microvx.testing.RealServers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kafka (KRaft, one node) that a test owns, so that it can kill and restart it: the jars
 * scripts/services/start kafka fetched ({@code MICRO_TEST_KAFKA_LIB}), run as a separate java process on
 * 127.0.0.1 ports the system picked, its log in a folder of its own; restarted on the same ports and folder.
 */
final class KafkaProcess implements AutoCloseable {

  private final Path lib;
  private final Path dir;
  private final int port;
  private Process process;

  private KafkaProcess(Path lib, Path dir, int port) {
    this.lib = lib;
    this.dir = dir;
    this.port = port;
  }

  /** The folder of the server's jars; fails under CI, skips elsewhere, when it is not there. */
  static Path lib() {
    String lib = System.getenv("MICRO_TEST_KAFKA_LIB");
    Ci.require(lib != null && Files.isDirectory(Path.of(lib)),
      "the Kafka server's jars are not there: MICRO_TEST_KAFKA_LIB is not set (scripts/services/start kafka, then export .services/env)");
    return Path.of(lib);
  }

  /** Formats storage and starts a server; returns once it takes connections. */
  static KafkaProcess start() {
    try {
      KafkaProcess server = new KafkaProcess(lib(), Files.createTempDirectory("microvx-kafka-"), RealServers.freePort());
      int controller = RealServers.freePort();
      String uuid = UUID.randomUUID().toString();
      byte[] id = java.nio.ByteBuffer.allocate(16).putLong(UUID.fromString(uuid).getMostSignificantBits())
        .putLong(UUID.fromString(uuid).getLeastSignificantBits()).array();
      String cluster = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
      Files.writeString(server.dir.resolve("server.properties"), String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + server.port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + server.port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + server.dir.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0", ""));
      server.run(List.of("kafka.tools.StorageTool", "format", "-t", cluster, "-c", server.dir.resolve("server.properties").toString()),
        "format.log").waitFor();
      server.up();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  private Process run(List<String> mainAndArgs, String log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", lib + File.separator + "*"));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile())).start();
  }

  /** Kills the server (SIGKILL: a crash, nothing flushed on the way down) and starts it again. */
  void crashAndRestart() {
    down(true);
    up();
  }

  void down(boolean crash) {
    if (process == null) {
      return;
    }
    if (crash) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  void up() {
    try {
      process = run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), "kafka.log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start kafka", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!RealServers.answers(address())) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("kafka did not start on port " + port + ": see " + dir.resolve("kafka.log"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    down(false);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary folder left behind
    }
  }
}
