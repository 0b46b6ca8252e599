package io.microvx.broker.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node a test owns, so that it can stop and restart it, as scripts/services/rabbitmq.sh starts
 * one but never that one: its own node name, AMQP, distribution and epmd ports (chosen by the system), Erlang
 * cookie and data folder, all on 127.0.0.1; restarted on the same ports and folder. Stopped with SIGTERM, as
 * an operator stops a node (it shuts down cleanly).
 */
public final class RabbitMqProcess implements AutoCloseable {

  private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

  private final Path dir;
  private final String node = "microvx-own-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
  private final int port = RealServers.freePort();
  private final int dist = RealServers.freePort();
  private final int epmdPort = RealServers.freePort();
  private final int tlsPort;
  private Process epmd;
  private Process server;

  private RabbitMqProcess(Path dir, int tlsPort) {
    this.dir = dir;
    this.tlsPort = tlsPort;
  }

  /** Starts one; fails under CI, skips elsewhere, when RabbitMQ is not installed. */
  public static RabbitMqProcess start() {
    return start(List.of(), false);
  }

  /**
   * Starts one with these {@code rabbitmq.conf} lines; with {@code tls}, also a TLS listener on a port of its
   * own ({@link #tlsPort()}), the lines naming its certificates.
   */
  public static RabbitMqProcess start(List<String> config, boolean tls) {
    Ci.require(Files.isExecutable(SERVER), "rabbitmq-server is not installed (scripts/services/start rabbitmq installs it)");
    try {
      Path dir = Files.createTempDirectory("microvx-rabbitmq-");
      RabbitMqProcess process = new RabbitMqProcess(dir, tls ? RealServers.freePort() : -1);
      Files.createDirectories(dir.resolve("mnesia"));
      Files.createDirectories(dir.resolve("log"));
      Files.writeString(dir.resolve("enabled_plugins"), "");
      List<String> lines = new ArrayList<>(config);
      if (tls) {
        lines.add("listeners.ssl.1 = 127.0.0.1:" + process.tlsPort);
      }
      Files.write(dir.resolve("rabbitmq.conf"), lines);
      process.epmd = new ProcessBuilder("epmd", "-address", "127.0.0.1", "-port", String.valueOf(process.epmdPort))
        .redirectErrorStream(true).redirectOutput(dir.resolve("epmd.log").toFile()).start();
      process.up();
      return process;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code amqp://guest:guest@127.0.0.1:port} (guest logs in from loopback). */
  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  public int tlsPort() {
    return tlsPort;
  }

  public Path dir() {
    return dir;
  }

  /** Stops the node and starts it again on the same ports and data folder; returns once it takes connections. */
  public void restart() {
    down();
    up();
  }

  public void down() {
    if (server != null) {
      stop(server, Duration.ofSeconds(60));
      server = null;
    }
  }

  public void up() {
    ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rabbitmq.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("HOME", dir.toString());
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
    env.put("RABBITMQ_NODENAME", node);
    // the script then execs the Erlang VM, so the process is the node itself
    env.put("RUNNING_UNDER_SYSTEMD", "true");
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
    env.put("RABBITMQ_DIST_PORT", String.valueOf(dist));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
    // idle Erlang schedulers spin: on a busy 2-core machine that made starting take minutes
    env.put("RABBITMQ_SERVER_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none");
    try {
      server = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start rabbitmq-server", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    while (!takesConnections()) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("rabbitmq did not start on port " + port + ": see " + dir.resolve("rabbitmq.log")
          + " and " + dir.resolve("log"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether an AMQP connection opens (the port answers a little before the node is ready). */
  private boolean takesConnections() {
    if (!RealServers.answers("127.0.0.1:" + port)) {
      return false;
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    factory.setConnectionTimeout(2_000);
    try (var connection = factory.newConnection("probe")) {
      return connection.isOpen();
    } catch (Exception e) {
      return false;
    }
  }

  private static void stop(Process process, Duration timeout) {
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    down();
    if (epmd != null) {
      stop(epmd, Duration.ofSeconds(10));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary folder left behind
    }
  }
}
