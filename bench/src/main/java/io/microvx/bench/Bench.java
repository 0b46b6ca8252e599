package io.microvx.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runner {@code scripts/bench} starts ({@code java -jar bench/target/bench.jar}): runs the scenarios,
 * prints the table and writes {@code latest.md} and {@code latest.json}.
 *
 * <pre>
 * --quick            every scenario briefly (a sanity check, under two minutes)
 * --smoke            about a second each (what the test runs)
 * --only a,b         just these scenarios
 * --repetitions N    override the preset's repetitions
 * --message-bytes N  the broker scenario's message size (default: the JSON sample of every scenario)
 * --out DIR          where to write the reports (bench/results)
 * --list             scenario names, and why any cannot run
 * --tools            commands the selected scenarios need (for scripts/bench to install)
 * </pre>
 * Exit status 1 when a scenario failed, 2 on bad arguments.
 */
public final class Bench {

  private static final Logger log = LoggerFactory.getLogger(Bench.class);

  private Bench() {
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      log.error("bench failed", e);
      code = 1;
    }
    // scenarios close what they start; exit anyway so no stray non-daemon thread keeps the JVM up
    System.exit(code);
  }

  static int run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.full();
    Set<String> only = new LinkedHashSet<>();
    Path out = Path.of("bench", "results");
    boolean list = false;
    boolean tools = false;
    Integer repetitions = null;
    Integer messageBytes = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> options = BenchOptions.quick();
        case "--smoke" -> options = BenchOptions.smoke();
        case "--only" -> only.addAll(List.of(value(args, ++i, "--only").split(",")));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--repetitions" -> repetitions = Integer.parseInt(value(args, ++i, "--repetitions"));
        case "--message-bytes" -> messageBytes = Integer.parseInt(value(args, ++i, "--message-bytes"));
        case "--list" -> list = true;
        case "--tools" -> tools = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
          + " (use --quick, --smoke, --only a,b, --repetitions N, --message-bytes N, --out DIR, --list, --tools)");
      }
    }
    if (repetitions != null) {
      options.setRepetitions(repetitions);
    }
    if (messageBytes != null) {
      options.setBrokerMessageBytes(messageBytes);
    }
    List<Scenario> scenarios = select(only);
    if (list) {
      for (Scenario s : Scenario.all()) {
        System.out.println(s.name() + "\t" + (s.unavailable() == null ? s.description() : s.unavailable()));
      }
      return 0;
    }
    if (tools) {
      Set<String> needed = new LinkedHashSet<>();
      scenarios.stream().filter(s -> s.unavailable() == null).forEach(s -> needed.addAll(s.tools()));
      needed.forEach(System.out::println);
      return 0;
    }
    Report report = run(options, scenarios);
    report.write(out);
    System.out.println(report.toMarkdown());
    System.out.println("wrote " + out.resolve("latest.md") + " and " + out.resolve("latest.json"));
    return report.anyFailed() ? 1 : 0;
  }

  /** Runs the scenarios one after another; one that fails is reported and the others still run. */
  public static Report run(BenchOptions options, List<Scenario> scenarios) {
    Report report = new Report(options);
    long begin = System.nanoTime();
    for (Scenario scenario : scenarios) {
      String unavailable = scenario.unavailable();
      if (unavailable != null) {
        log.info("{}: not run, {}", scenario.name(), unavailable);
        report.notRun(scenario.name(), unavailable, false);
        continue;
      }
      List<String> missing = scenario.tools().stream().filter(tool -> !onPath(tool)).toList();
      if (!missing.isEmpty()) {
        String reason = "needs " + String.join(", ", missing) + " on the PATH (scripts/bench installs them with apt)";
        log.warn("{}: not run, {}", scenario.name(), reason);
        report.notRun(scenario.name(), reason, false);
        continue;
      }
      log.info("{}: {} ({} mode)", scenario.name(), scenario.description(), options.getMode());
      long started = System.nanoTime();
      try {
        report.add(scenario.run(new BenchOptions(options)));
        log.info("{}: done in {} s", scenario.name(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
      } catch (Exception | Error e) {
        log.error("{} failed", scenario.name(), e);
        report.notRun(scenario.name(), String.valueOf(e), true);
      }
    }
    report.wallTime(Duration.ofNanos(System.nanoTime() - begin));
    return report;
  }

  private static List<Scenario> select(Set<String> only) {
    if (only.isEmpty()) {
      return Scenario.all();
    }
    List<Scenario> chosen = new ArrayList<>();
    for (String name : only) {
      chosen.add(Scenario.byName(name.trim()));
    }
    return chosen;
  }

  /** Whether the command is an executable file in one of the PATH's directories. */
  public static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
