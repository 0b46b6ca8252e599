package io.microvx.testing.faults;

import io.microvx.testing.RegistryContract;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension running {@link FaultNode}s, each a JVM of its own registered in the registry the
 * test chooses, and injecting faults into them: SIGKILL, a graceful stop, stall, slow, fail a share of
 * calls; the registry itself cut and restored (with its data, or empty) through the test's {@link RegistryContract.Backend}; and the
 * broker restarted by what the test hands in.
 * Register it with {@code @RegisterExtension}; every node still running is killed after each test.
 * Node {@code i}'s random failures are seeded with {@code seed + i}, so a run fails the same calls of
 * each node again.
 */
public final class FaultFixture implements AfterEachCallback {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration ANSWER = Duration.ofSeconds(30);
  /** Where each node's stderr goes, {@code node-INDEX.log}. */
  private static final Path LOGS = Path.of("target", "fault-nodes");
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final Supplier<JsonObject> nodeConfig;
  private final RegistryContract.Backend registry;
  private final Runnable brokerRestart;
  private final long seed;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private int started;

  /**
   * @param nodeConfig each node's flat micro options (its registry, TTL, ...), asked when it starts
   * @param registry   what cuts the registry off and brings it back (null: the test cannot cut it)
   */
  public FaultFixture(Supplier<JsonObject> nodeConfig, RegistryContract.Backend registry, long seed) {
    this(nodeConfig, registry, null, seed);
  }

  /**
   * @param brokerRestart what restarts the broker server the nodes use (null: the test cannot restart it);
   *                      it returns once the server is back
   */
  public FaultFixture(Supplier<JsonObject> nodeConfig, RegistryContract.Backend registry, Runnable brokerRestart,
                      long seed) {
    this.nodeConfig = nodeConfig;
    this.registry = registry;
    this.brokerRestart = brokerRestart;
    this.seed = seed;
  }

  /** Restarts the broker server: every node's connection to it breaks and has to come back. */
  public void restartBroker() {
    if (brokerRestart == null) {
      throw new IllegalStateException("this fixture was given no way to restart the broker");
    }
    brokerRestart.run();
  }

  /** Starts {@code count} nodes at once; returns once each is registered. */
  public List<Node> start(int count) {
    List<Node> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      launched.add(launch());
    }
    launched.forEach(Node::awaitReady);
    return launched;
  }

  /** Starts one node; returns once it is registered. */
  public Node start() {
    Node node = launch();
    node.awaitReady();
    return node;
  }

  /** The nodes started and still running. */
  public List<Node> running() {
    return nodes.stream().filter(Node::isAlive).toList();
  }

  /** Cuts the registry off: every call to it fails and its watches break until {@link #restoreRegistry()}. */
  public void cutRegistry() {
    cuttable().takeDown();
  }

  public void restoreRegistry() {
    cuttable().bringBack();
  }

  /** Brings the registry back without any registration, as a registry server restarted without its data. */
  public void restoreRegistryEmpty() {
    cuttable().bringBackEmpty();
  }

  private RegistryContract.Backend cuttable() {
    if (registry == null) {
      throw new IllegalStateException("this fixture was given no way to cut the registry");
    }
    return registry;
  }

  private synchronized Node launch() {
    int index = started++;
    JsonObject config = nodeConfig.get().copy().put("fault_seed", seed + index);
    List<String> command = List.of(JAVA, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-cp", System.getProperty("java.class.path"), FaultNode.class.getName());
    try {
      Files.createDirectories(LOGS);
      ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log(index).toFile()));
      builder.environment().put(FaultNode.CONFIG, config.encode());
      Node node = new Node(index, builder.start());
      nodes.add(node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a fault node", e);
    }
  }

  private static Path log(int index) {
    return LOGS.resolve("node-" + index + ".log");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    nodes.forEach(Node::kill);
    nodes.clear();
  }

  /** A running node and the faults it takes. */
  public static final class Node {
    private final int index;
    private final Process process;
    private final Writer stdin;
    private final CompletableFuture<String[]> ready = new CompletableFuture<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Node(int index, Process process) {
      this.index = index;
      this.process = process;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "fault-node-" + index + "-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ready ")) {
            ready.complete(line.split(" "));
          } else {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process went
      }
      ready.completeExceptionally(new IllegalStateException("fault node " + index + " exited before it was ready"
        + " (see " + log(index) + ")"));
    }

    private void awaitReady() {
      try {
        ready.get(START.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new AssertionError("fault node " + index + " did not start: " + e.getMessage(), e);
      }
    }

    /** Its registered node id. */
    public String id() {
      return ready.join()[1];
    }

    /** Its {@code host:port}. */
    public String address() {
      return ready.join()[2];
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** SIGKILL: it neither deregisters nor answers what it holds. */
    public void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** A graceful stop: deregisters, answers what it holds, exits; returns once it has. */
    public void stop() {
      command("stop");
      try {
        if (!process.waitFor(ANSWER.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("fault node " + index + " did not exit after its stop");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Accepts calls and never answers them. */
    public void stall() {
      command("stall");
    }

    /** Accepts every call, and never answers {@code percent} % of them (seeded). */
    public void stall(int percent) {
      command("stall " + percent);
    }

    /** Answers each call after {@code ms}. */
    public void slow(long ms) {
      command("slow " + ms);
    }

    /** Fails {@code percent} % of calls with a 500 (seeded). */
    public void fail(int percent) {
      command("fail " + percent);
    }

    /** Answers at once again. */
    public void normal() {
      command("normal");
    }

    /** The distinct ids of the {@code fault_topic} messages it took so far. */
    public java.util.Set<String> received() {
      String line = ask("received", "received ").substring("received ".length());
      return line.isEmpty() ? java.util.Set.of() : new java.util.HashSet<>(java.util.Arrays.asList(line.split(",")));
    }

    /** The {@code fault_topic} messages it dropped unhandled so far, their deadline passed. */
    public long expired() {
      return Long.parseLong(ask("expired", "expired ").substring("expired ".length()));
    }

    /** The calls it has been handed so far. */
    public long served() {
      return Long.parseLong(ask("served", "served ").substring("served ".length()));
    }

    private void command(String line) {
      ask(line, "ack " + line);
    }

    private synchronized String ask(String line, String answer) {
      try {
        stdin.write(line + "\n");
        stdin.flush();
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
          String got = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (got == null) {
            throw new AssertionError("fault node " + index + " did not answer " + line);
          }
          if (got.startsWith(answer)) {
            return got;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("fault node " + index + " is gone", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
