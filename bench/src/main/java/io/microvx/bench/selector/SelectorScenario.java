package io.microvx.bench.selector;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scenario 3, {@code selector}: JMH, one pick among 100 nodes for each strategy, ours against the Vert.x
 * load balancer it builds on. Each benchmark runs in a fork of its own, and each repetition is one
 * measurement iteration in it (as long as the preset's JMH iterations together): a fork per repetition
 * made this scenario take 2.5 of the full run's 14 minutes, mostly starting JVMs. Figures are picks per
 * second (the report also gives ns per pick); the target is under 1 µs per pick.
 */
public class SelectorScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(SelectorScenario.class);

  private static final List<String> STRATEGIES = List.of("random", "roundrobin", "least_requests", "p2c", "hashed");

  @Override
  public String name() {
    return "selector";
  }

  @Override
  public String description() {
    return "JMH: one pick among " + SelectorBenchmark.NODES + " nodes per strategy vs the Vert.x LoadBalancer twin";
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    Map<String, List<Measurement>> ours = new LinkedHashMap<>();
    Map<String, List<Measurement>> peer = new LinkedHashMap<>();
    for (String side : List.of("ours", "peer")) {
      for (RunResult run : new Runner(jmh(options, side)).run()) {
        String strategy = run.getParams().getParam("strategy");
        int rep = 0;
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
          for (IterationResult iteration : fork.getIterationResults()) {
            double nanos = iteration.getPrimaryResult().getScore();
            (side.equals("ours") ? ours : peer).computeIfAbsent(strategy, s -> new ArrayList<>())
              .add(Measurement.of(1e9 / nanos));
            log.info("selector run {}/{} {} {}: {} ns/pick", ++rep, options.getRepetitions(), side, strategy,
              String.format("%.1f", nanos));
          }
        }
      }
    }
    String note = options.getJmhForks() == 0
      ? "JMH in this JVM (no fork): strategies share one JIT profile, figures are rough"
      : "JMH, " + options.getJmhForks() + " fork per benchmark, one measurement iteration per repetition";
    List<Result> results = new ArrayList<>();
    for (String strategy : STRATEGIES) {
      results.add(Result.of(name() + "/" + strategy, SelectorBenchmark.PEERS.get(strategy), "picks/s",
          ours.getOrDefault(strategy, List.of()), peer.getOrDefault(strategy, List.of()))
        .withTarget("< 1 µs per pick", r -> r.ours() > 0 && 1e9 / r.ours() < 1000)
        .withNote(note));
    }
    return results;
  }

  private static Options jmh(BenchOptions options, String side) {
    return new OptionsBuilder()
      .include("^" + Pattern.quote(SelectorBenchmark.class.getName()) + "\\." + side + "$")
      .forks(options.getJmhForks())
      // explicit, so forks do not inherit the runner's flags (a flight recording, say)
      .jvmArgs("-Xmx512m")
      .threads(1)
      .warmupIterations(options.getJmhWarmupIterations())
      .warmupTime(TimeValue.milliseconds(options.getJmhIterationTime().toMillis()))
      .measurementIterations(options.getRepetitions())
      .measurementTime(TimeValue.milliseconds(options.getJmhIterationTime().toMillis() * options.getJmhIterations()))
      .shouldFailOnError(true)
      .verbosity(VerboseMode.SILENT)
      .build();
  }
}
