package io.microvx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one run of the runner found: the results, the scenarios it could not run and why, and the
 * machine it ran on. Written as {@code latest.md} (for people) and {@code latest.json} (for tools).
 */
public final class Report {

  /** A scenario that was not measured: pending, missing a tool, or failed (then {@code failed} is true). */
  public record NotRun(String scenario, String reason, boolean failed) {
  }

  private final BenchOptions options;
  private final List<Result> results = new ArrayList<>();
  private final List<NotRun> notRun = new ArrayList<>();
  private final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  private final int cores = Runtime.getRuntime().availableProcessors();
  private Duration wallTime = Duration.ZERO;

  public Report(BenchOptions options) {
    this.options = new BenchOptions(options);
  }

  void add(List<Result> scenarioResults) {
    results.addAll(scenarioResults);
  }

  void notRun(String scenario, String reason, boolean failed) {
    notRun.add(new NotRun(scenario, reason, failed));
  }

  void wallTime(Duration wallTime) {
    this.wallTime = wallTime;
  }

  public List<Result> results() {
    return List.copyOf(results);
  }

  public List<NotRun> notRun() {
    return List.copyOf(notRun);
  }

  public boolean anyFailed() {
    return notRun.stream().anyMatch(NotRun::failed);
  }

  /** {@code {"scenarios":[{"scenario","peer","ours","peer_ops","ratio","ours_p99_ms","peer_p99_ms"}, …]}} */
  public JsonObject toJson() {
    JsonArray scenarios = new JsonArray();
    results.forEach(r -> scenarios.add(r.toJson()));
    return new JsonObject().put("scenarios", scenarios);
  }

  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    String date = this.date.toString();
    String jdkCell = System.getProperty("java.runtime.version");
    md.append("# Benchmarks: latest run\n\n");
    md.append(String.format(Locale.ROOT, "Mode **%s** · %s · %d cores · %s · %d calls in flight · %d interleaved"
        + " repetitions of %s after %s warm-up · wall time %d s%n%n",
      options.getMode(), jdk, cores, date, options.getConcurrency(), options.getRepetitions(),
      seconds(options.getDuration()), seconds(options.getWarmup()), wallTime.toSeconds()));
    md.append("Figures are medians of the repetitions; ratio = ours / peer (for `ms` and `MiB` lower is better,"
      + " so a ratio above 1 means we are slower or bigger). Selector rows show ns per pick; their ratio is still"
      + " throughput, ours / peer (= peer ns / ours ns). Latencies are per call, in ms.\n\n");
    md.append("| scenario | peer | unit | ours | peer | ratio | ours p50 | ours p99 | peer p50 | peer p99 | target | met | JDK | cores | date |\n");
    md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|---|--:|---|\n");
    for (Result r : results) {
      md.append("| ").append(r.scenario())
        .append(" | ").append(r.peer())
        .append(" | ").append(r.unit().equals("picks/s") ? "ns/pick" : r.unit())
        .append(" | ").append(value(r.ours(), r.unit()))
        .append(" | ").append(value(r.peerValue(), r.unit()))
        .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.ratio()))
        .append(" | ").append(ms(r.oursP50()))
        .append(" | ").append(ms(r.oursP99()))
        .append(" | ").append(ms(r.peerP50()))
        .append(" | ").append(ms(r.peerP99()))
        .append(" | ").append(r.target() == null ? "—" : r.target())
        .append(" | ").append(r.met() == null ? "—" : r.met() ? "yes" : "**no**")
        .append(" | ").append(jdkCell)
        .append(" | ").append(cores)
        .append(" | ").append(date)
        .append(" |\n");
    }
    md.append("\n## Spread of the repetitions\n\n");
    md.append("(max − min) / median of each side's runs, then every run in order. Large spreads mean the machine was"
      + " busy; compare ratios, not absolute figures.\n\n");
    md.append("CPU µs/call is the process's CPU time (client and server together) per completed call, median of the"
      + " runs: it is hurt far less than throughput when other work shares the machine.\n\n");
    md.append("| scenario | peer | ours spread | peer spread | ours runs | peer runs | CPU µs/call ours | CPU µs/call peer | failed calls | note |\n");
    md.append("|---|---|--:|--:|---|---|--:|--:|--:|---|\n");
    for (Result r : results) {
      md.append("| ").append(r.scenario())
        .append(" | ").append(r.peer())
        .append(" | ").append(percent(r.oursSpread()))
        .append(" | ").append(percent(r.peerSpread()))
        .append(" | ").append(runs(r.oursRuns(), r.unit()))
        .append(" | ").append(runs(r.peerRuns(), r.unit()))
        .append(" | ").append(micros(r.oursCpuMicros()))
        .append(" | ").append(micros(r.peerCpuMicros()))
        .append(" | ").append(r.failures())
        .append(" | ").append(r.note() == null ? "" : r.note())
        .append(" |\n");
    }
    if (!notRun.isEmpty()) {
      md.append("\n## Not measured in this run\n\n");
      for (NotRun n : notRun) {
        md.append("- **").append(n.scenario()).append("**: ").append(n.failed() ? "FAILED: " : "")
          .append(n.reason().replace('\n', ' ')).append('\n');
      }
    }
    return md.toString();
  }

  /**
   * Writes {@code latest.md} and {@code latest.json} into the directory, creating it, and draws the gateway
   * scenario's rows as {@link GatewayPlot#FILE} when the run has them. A plot that cannot be drawn is reported,
   * not fatal: the figures are in the other two.
   */
  public void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("latest.md"), toMarkdown());
    Path json = directory.resolve("latest.json");
    Files.writeString(json, toJson().encodePrettily() + "\n");
    try {
      GatewayPlot.write(json, directory.resolve(GatewayPlot.FILE));
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
      System.err.println("could not draw " + GatewayPlot.FILE + ": " + e);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  static String value(double v, String unit) {
    return switch (unit) {
      case "picks/s" -> v == 0 ? "—" : String.format(Locale.ROOT, "%.1f", 1e9 / v);
      case "ms" -> String.format(Locale.ROOT, "%.0f", v);
      case "MiB" -> String.format(Locale.ROOT, "%.1f", v);
      default -> String.format(Locale.ROOT, "%,.0f", v);
    };
  }

  private static String ms(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String micros(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String percent(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  private static String runs(List<Measurement> runs, String unit) {
    return runs.stream().map(m -> value(m.value(), unit)).collect(Collectors.joining(", "));
  }
}
