package io.microvx.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * One benchmark scenario: it runs our code and a peer doing the same work in the same process run,
 * interleaved, and returns one {@link Result} per peer (a ratio, never an absolute figure on its own).
 *
 * <p>Scenarios are found by name with {@link ServiceLoader} ({@code META-INF/services/io.microvx.bench.Scenario}),
 * so adding one is one class and one line; a module that brings its own (a broker plugin against its
 * raw client) only needs to be on the runner's class path.
 */
public interface Scenario {

  /** The name {@code scripts/bench --only} and the report use, e.g. {@code rpc-http}. */
  String name();

  /** One line: what is measured against what. */
  String description();

  /** Commands the scenario runs (e.g. {@code wrk}); {@code scripts/bench} installs the missing ones. */
  default List<String> tools() {
    return List.of();
  }

  /** Why the scenario cannot run in this build (a module it needs does not exist yet), or null. */
  default String unavailable() {
    return null;
  }

  /** Runs the scenario from a plain thread (never an event loop); blocking here is fine. */
  List<Result> run(BenchOptions options) throws Exception;

  /** Every scenario on the class path, in the order their service files list them. */
  static List<Scenario> all() {
    List<Scenario> scenarios = new ArrayList<>();
    ServiceLoader.load(Scenario.class).forEach(scenarios::add);
    return scenarios;
  }

  static Scenario byName(String name) {
    for (Scenario scenario : all()) {
      if (scenario.name().equals(name)) {
        return scenario;
      }
    }
    List<String> names = all().stream().map(Scenario::name).toList();
    throw new IllegalArgumentException("unknown scenario \"" + name + "\": one of " + names);
  }
}
