package io.microvx.cli;

import io.microvx.testing.Namespaces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands README.md and docs/*.md show, exactly as written ({@code bash -c}), on a host of the
 * test's own (a network namespace), so their fixed ports (8080, 8081, …) are free and nothing reaches the
 * machine's interfaces. Each command must be one the named page shows (as {@code scripts/doc-commands
 * list} reads it), and is recorded in {@code .doc-commands/} for {@code scripts/doc-commands check}, which
 * fails CI when a documented command was run by nothing. {@code micro} is on the {@code PATH} (as the
 * README's {@code ln -s} puts it there), {@code ~} is the test's own folder, and the working folder is the
 * repository unless the test gives another.
 */
final class DocShell implements AutoCloseable {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path RECORD = REPO.resolve(".doc-commands").resolve("it-" + UUID.randomUUID() + ".txt");
  private static final Set<String> RECORDED = new HashSet<>();
  private static final Duration DONE = Duration.ofSeconds(90);

  private final String namespace;
  private final Processes processes;
  private final Map<String, String> env = new HashMap<>();
  private Path dir = REPO;

  /**
   * A shell on {@code namespace} whose home is {@code home} (for {@code ~} and the JVM's {@code user.home}),
   * with {@code micro} on its {@code PATH} the way the README puts it there.
   */
  DocShell(String namespace, Path home) throws Exception {
    this.namespace = namespace;
    this.processes = new Processes(Namespaces.in(namespace, List.of()));
    env.put("HOME", home.toString());
    env.put("MICRO_JAVA_OPTS", "-Duser.home=" + home);
    env.put("PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));
    ok("README.md", "mkdir -p ~/.local/bin && ln -sf \"$PWD/micro\" ~/.local/bin/micro");
  }

  /** Runs later commands in {@code dir} instead of the repository. */
  DocShell in(Path dir) {
    this.dir = dir;
    return this;
  }

  /** Sets a variable for later commands (HOME, MICRO_JAVA_OPTS, …). */
  DocShell with(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs the command to its end. */
  Processes.Result run(String page, String command) throws Exception {
    Processes.Running running = start(page, command);
    if (!running.process.waitFor(DONE.toMillis(), TimeUnit.MILLISECONDS)) {
      running.process.destroyForcibly();
      throw new AssertionError(page + ": `" + command + "` did not finish within " + DONE + "; out " + running.out + " err " + running.err);
    }
    running.drain();
    return new Processes.Result(running.process.exitValue(), String.join("\n", running.out), String.join("\n", running.err));
  }

  /** Runs the command to its end and fails unless it exits 0. */
  String ok(String page, String command) throws Exception {
    Processes.Result result = run(page, command);
    if (result.exit() != 0) {
      throw new AssertionError(page + ": `" + command + "` exited " + result.exit() + "; out " + result.out() + " err " + result.err());
    }
    return result.out();
  }

  /** Starts the command (a server, or a line ending in {@code &}) and leaves it running. */
  Processes.Running start(String page, String command) throws Exception {
    shown(page, command);
    String[] line = Namespaces.in(namespace, List.of("bash", "-c", command)).toArray(String[]::new);
    return command.trim().endsWith("&") ? processes.startDetached(dir, env, line) : processes.start(dir, env, line);
  }

  /** Fails unless each page ({@code ,}-separated when several show it) shows the command, then records that a test ran it. */
  private static void shown(String pages, String command) throws Exception {
    for (String page : pages.split(",")) {
      shownOn(page, command);
    }
  }

  private static synchronized void shownOn(String page, String command) throws Exception {
    Process list = new ProcessBuilder(REPO.resolve("scripts/doc-commands").toString(), "list", REPO.resolve(page).toString())
      .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (list.waitFor() != 0 || listed.lines().map(l -> l.split("\t", 3)).noneMatch(f -> f.length == 3 && f[2].equals(command))) {
      throw new AssertionError(page + " does not show the command `" + command + "` (any more?)");
    }
    if (!RECORDED.add(page + "\t" + command)) {
      return;
    }
    Files.createDirectories(RECORD.getParent());
    Files.writeString(RECORD, page + "\t" + command + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Waits for an output line of {@code running}, even after the process itself ended (its background jobs write on). */
  static void awaitOutput(Processes.Running running, Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running.out.stream().noneMatch(matches) && running.err.stream().noneMatch(matches)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such line within " + timeout + "; out " + running.out + " err " + running.err);
      }
      Processes.sleep(50);
    }
  }

  /** Stops what the commands started, those sent to the background included (every process on the host). */
  @Override
  public void close() {
    processes.close();
    try {
      Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).start();
      String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      pids.waitFor();
      for (String pid : out.split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException e) {
      // the namespace is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
