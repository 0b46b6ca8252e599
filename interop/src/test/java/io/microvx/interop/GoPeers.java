package io.microvx.interop;

import io.microvx.testing.Ci;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/**
 * The go-micro programs {@code interop/build-peers} builds into {@code interop/bin/<version>/}: greeter
 * (a service), call (a client) and pubsub (a publisher or subscriber). Each prints JSON lines on stdout.
 * A peer that is not built fails the test under CI and skips it elsewhere. Closing stops what it started.
 */
final class GoPeers implements AutoCloseable {

  /** The go-micro releases the peers are built from: {@code v5} is go-micro.dev/v5 v5.30.0, {@code v1} v1.18.0. */
  static final List<String> VERSIONS = List.of("v5", "v1");

  private static final Path BIN = Path.of(System.getProperty("interop.bin", "bin")).toAbsolutePath();
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private final List<Peer> started = new CopyOnWriteArrayList<>();

  static Path binary(String version, String program) {
    Path binary = BIN.resolve(version).resolve(program);
    Ci.require(Files.isExecutable(binary), "the go-micro " + version + " peer " + binary
      + " is not built (interop/build-peers builds it; it needs Go and the Go module proxy)");
    return binary;
  }

  /** Starts a long-running peer (greeter, or pubsub subscribing) and waits for its {@code "ready"} line. */
  Peer start(String version, String program, List<String> args) {
    return start(version, program, Map.of(), args);
  }

  /** {@link #start(String, String, List)} with environment variables (the greeter's {@code GREETER_NAME}). */
  Peer start(String version, String program, Map<String, String> env, List<String> args) {
    Peer peer = launch(version, program, env, args);
    started.add(peer);
    peer.ready = peer.await(line -> line.containsKey("ready"), Duration.ofSeconds(60));
    return peer;
  }

  /** Runs a peer to its end (call, or pubsub publishing) and returns its last JSON line. */
  JsonObject run(String version, String program, List<String> args) {
    Peer peer = launch(version, program, Map.of(), args);
    try {
      if (!peer.process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        peer.process.destroyForcibly();
        throw new AssertionError(program + " " + args + " did not finish within " + RUN_TIMEOUT + "; " + peer);
      }
      peer.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    List<JsonObject> lines = peer.lines();
    if (lines.isEmpty()) {
      throw new AssertionError(program + " " + args + " printed no JSON (exit " + peer.process.exitValue() + "); " + peer);
    }
    JsonObject last = lines.get(lines.size() - 1);
    if (last.containsKey("fatal")) {
      throw new AssertionError(program + " " + args + " failed: " + last.getString("fatal") + "; " + peer);
    }
    return last;
  }

  private static Peer launch(String version, String program, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary(version, program).toString());
    command.addAll(args);
    return exec(version + "/" + program, command, env);
  }

  /** Starts any command, stopped on close, its output collected as a peer's (the micro CLI's tests). */
  Peer startCommand(String name, List<String> command, Map<String, String> env) {
    Peer peer = exec(name, command, env);
    started.add(peer);
    return peer;
  }

  /** A finished command: its exit status and what it printed. */
  record Result(int exit, String out, String err) {
  }

  /** Runs any command to its end (the micro CLI's commands). */
  Result runCommand(String name, List<String> command, Map<String, String> env) {
    Peer peer = exec(name, command, env);
    try {
      if (!peer.process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        peer.process.destroyForcibly();
        throw new AssertionError(name + " did not finish within " + RUN_TIMEOUT + "; " + peer);
      }
      peer.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Result(peer.process.exitValue(), String.join("\n", peer.out), String.join("\n", peer.err));
  }

  private static Peer exec(String name, List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command);
    // the peers take their settings from the arguments only
    builder.environment().keySet().removeIf(variable -> variable.startsWith("MICRO_"));
    builder.environment().putAll(env);
    try {
      return new Peer(name, builder.start());
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command, e);
    }
  }

  @Override
  public void close() {
    for (Peer peer : started) {
      peer.process.toHandle().destroy();
    }
    for (Peer peer : started) {
      try {
        if (!peer.process.waitFor(15, TimeUnit.SECONDS)) {
          peer.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        peer.process.destroyForcibly();
      }
    }
  }

  /** A running peer: its stdout JSON lines as they come, stderr kept for failure messages. */
  static final class Peer {
    final String name;
    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    JsonObject ready;

    Peer(String name, Process process) {
      this.name = name;
      this.process = process;
      readers.add(pump(process.getInputStream(), out));
      readers.add(pump(process.getErrorStream(), err));
    }

    /** The address the greeter serves on, from its ready line. */
    String address() {
      return ready.getString("address");
    }

    /** The node id the greeter registered, from its ready line. */
    String nodeId() {
      return ready.getString("id");
    }

    List<JsonObject> lines() {
      List<JsonObject> lines = new ArrayList<>();
      for (String line : out) {
        if (line.startsWith("{")) {
          lines.add(new JsonObject(line));
        }
      }
      return lines;
    }

    /** Waits for a JSON line that matches. */
    JsonObject await(Predicate<JsonObject> matches, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        boolean ended = endedAndRead();
        for (JsonObject line : lines()) {
          if (line.containsKey("fatal")) {
            throw new AssertionError(name + " failed: " + line.getString("fatal") + "; " + this);
          }
          if (matches.test(line)) {
            return line;
          }
        }
        if (ended) {
          throw new AssertionError(name + " ended (" + process.exitValue() + ") without the line; " + this);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + ": no such line within " + timeout + "; " + this);
        }
        sleep(20);
      }
    }

    /** Waits for an output line, JSON or not, on stdout or stderr. */
    String awaitText(Predicate<String> matches, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        boolean ended = endedAndRead();
        for (List<String> lines : List.of(out, err)) {
          for (String line : lines) {
            if (matches.test(line)) {
              return line;
            }
          }
        }
        if (ended) {
          throw new AssertionError(name + " ended (" + process.exitValue() + ") without the line; " + this);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + ": no such line within " + timeout + "; " + this);
        }
        sleep(20);
      }
    }

    /** Waits until at least {@code count} lines match, and returns them. */
    List<JsonObject> awaitCount(Predicate<JsonObject> matches, int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        boolean ended = endedAndRead();
        List<JsonObject> found = lines().stream().filter(matches).toList();
        if (found.size() >= count) {
          return found;
        }
        if (ended || System.nanoTime() > deadline) {
          throw new AssertionError(name + ": " + found.size() + " of " + count + " lines; " + this);
        }
        sleep(20);
      }
    }

    /** Whether the process ended, its output then read to the end (the last lines may lag its exit). */
    private boolean endedAndRead() {
      if (process.isAlive()) {
        return false;
      }
      try {
        drain();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }

    void drain() throws InterruptedException {
      for (Thread reader : readers) {
        reader.join(5_000);
      }
    }

    private static Thread pump(InputStream stream, List<String> lines) {
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "go-peer-output");
      reader.setDaemon(true);
      reader.start();
      return reader;
    }

    @Override
    public String toString() {
      List<String> tail = err.size() > 30 ? err.subList(err.size() - 30, err.size()) : err;
      return name + " out " + out + " err " + tail;
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
}
