package io.microvx.bench.gateway;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.Stats;
import io.microvx.bench.startup.ChildJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scale}: what the toolkit costs as the registry grows. One {@code micro server} (its registry: the
 * proxy over memory) holds 10, then 1 000, then 10 000 services of 3 nodes each (100 at most in the smoke
 * preset); a greeter registers through it and our gateway finds it there. At each size: the gateway's
 * throughput and p99 ({@code wrk}), the gateway's and micro server's RSS, micro server's live heap
 * after a full collection (RSS also counts garbage and heap reserved ahead), the wall time of
 * {@code micro list services}, and the time a new registration takes to reach 1 000 watchers (WebSockets
 * on the proxy, opened at each size once the fleet is registered, closed before it grows). Each figure is reported against the same figure at 10
 * services: per-request cost should stay flat, memory and listing grow at most linearly.
 */
public class ScaleScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(ScaleScenario.class);
  static final Path MICRO_JAR = Path.of("cli", "target", "micro.jar");
  private static final String SERVER_READY = "proxy listening on ";
  private static final int WATCHERS = 1_000;
  /** Runs of the CLI and of the fan-out per size, of which the median is reported. */
  private static final int SAMPLES = 3;

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public String description() {
    return "10, 1 000 and 10 000 registered services (3 nodes each) in micro server: gateway req/s and p99, RSS of"
      + " the gateway and micro server, `micro list services` time, a registration's time to reach 1 000 watchers";
  }

  @Override
  public List<String> tools() {
    return List.of("wrk");
  }

  @Override
  public String unavailable() {
    return Files.isRegularFile(MICRO_JAR) ? null : MICRO_JAR + " is not built: ./micro builds it (or mvn package)";
  }

  static List<Integer> sizes(BenchOptions options) {
    return switch (options.getMode()) {
      case "smoke" -> List.of(10, 100);
      case "quick" -> List.of(10, 1_000);
      default -> List.of(10, 1_000, 10_000);
    };
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    String instances = Integer.toString(Runtime.getRuntime().availableProcessors());
    String proxy = "127.0.0.1:" + GatewayChild.freePort();
    Path directory = Files.createTempDirectory("microvx-bench-scale-");
    Map<String, Map<Integer, Measurement>> figures = new LinkedHashMap<>();
    try (ChildJvm server = ChildJvm.start(MICRO_JAR.toString(), "io.microvx.cli.Micro", List.of("server",
           "--proxy_address", proxy, "--no-api", "--no-web", "--proxy_max_registrations=100000", "--proxy_max_ttl=1h"),
           SERVER_READY);
         ChildJvm greeter = GatewayScenario.child(options, List.of("greeter", instances, GatewayChild.PROXY + proxy));
         ChildJvm gateway = GatewayScenario.child(options, List.of("gateway", instances, GatewayChild.PROXY + proxy));
         ScaleFleet fleet = new ScaleFleet(proxy)) {
      String gatewayAddress = GatewayScenario.address(gateway);
      GatewayScenario.Route route = new GatewayScenario.Route("gateway", new Wrk.Request("http://" + gatewayAddress
        + Routes.PATH, Routes.BODY, Map.of("Content-Type", "application/json")), List.of(gateway.handle(), greeter.handle()));
      Wrk wrk = new Wrk(directory);
      boolean warm = false;
      for (int size : sizes(options)) {
        double registerMs = fleet.growTo(size);
        Routes.check(route);
        if (!warm && options.getWarmup().toSeconds() >= 1) {
          GatewayScenario.warmUp(wrk, route, options.getConcurrency(), options);
          warm = true;
        }
        List<Measurement> runs = new ArrayList<>();
        for (int rep = 0; rep < options.getRepetitions(); rep++) {
          runs.add(wrk.run(route.request(), options.getConcurrency(), options.getDuration()));
        }
        Routes.check(route);
        Measurement throughput = median(runs);
        figures.computeIfAbsent("gateway", k -> new LinkedHashMap<>()).put(size, throughput);
        figures.computeIfAbsent("rss-gateway", k -> new LinkedHashMap<>()).put(size, Measurement.of(gateway.rssMib()));
        figures.computeIfAbsent("rss-server", k -> new LinkedHashMap<>()).put(size, Measurement.of(server.rssMib()));
        Double heap = server.liveHeapMib();
        if (heap != null) {
          figures.computeIfAbsent("heap-server", k -> new LinkedHashMap<>()).put(size, Measurement.of(heap));
        }
        double list = listServices(proxy, size);
        figures.computeIfAbsent("list", k -> new LinkedHashMap<>()).put(size, Measurement.of(list));
        fleet.watch(WATCHERS);
        List<Double> fanOuts = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
          fanOuts.add(fleet.fanOut("scale-probe-" + size + "-" + i));
        }
        fleet.unwatch();
        double fanOut = Stats.median(fanOuts);
        figures.computeIfAbsent("watch", k -> new LinkedHashMap<>()).put(size, Measurement.of(fanOut));
        log.info("scale {} services: registered in {} ms; gateway {} req/s p99 {} ms; RSS gateway {} MiB, server {} MiB;"
            + " server live heap {} MiB; list {} ms; to {} watchers {} ms", size, Math.round(registerMs),
          Math.round(throughput.value()), throughput.p99Ms(), gateway.rssMib(), server.rssMib(), heap, Math.round(list),
          WATCHERS, fanOut);
      }
    } finally {
      GatewayScenario.delete(directory);
    }
    return results(figures);
  }

  /** Each figure at each size past the first, against the same figure at the first. */
  private List<Result> results(Map<String, Map<Integer, Measurement>> figures) {
    String layout = "micro server (proxy over memory, --no-api --no-web) and the gateway as separate processes on"
      + " 127.0.0.1, services of " + ScaleFleet.NODES + " nodes each, " + WATCHERS + " registry watchers (WebSockets)";
    Map<String, String> units = Map.of("gateway", "req/s", "rss-gateway", "MiB", "rss-server", "MiB", "heap-server",
      "MiB", "list", "ms", "watch", "ms");
    List<Result> results = new ArrayList<>();
    figures.forEach((figure, bySize) -> {
      List<Integer> sizes = new ArrayList<>(bySize.keySet());
      int first = sizes.get(0);
      for (int size : sizes.subList(1, sizes.size())) {
        Result result = Result.of(name() + "/" + figure + "@" + size, "@" + first, units.get(figure),
          List.of(bySize.get(size)), List.of(bySize.get(first))).withNote(layout);
        if (figure.equals("gateway")) {
          result = result.withTarget("≥ 0.9× of the gateway at " + first + " services", r -> r.ratio() >= 0.9);
        }
        results.add(result);
      }
    });
    return results;
  }

  /** The median wall time of {@code ./micro list services} in ms, checking it lists every service. */
  private static double listServices(String proxy, int size) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      Path out = Files.createTempFile("microvx-bench-list-", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder("./micro", "list", "services", "--proxy_address", proxy)
          .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MICRO_"));
        builder.environment().put("MICRO_SKIP_BUILD", "1");
        long begin = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException("micro list services failed: " + Files.readString(out));
        }
        times.add((System.nanoTime() - begin) / 1e6);
        long listed = Files.readAllLines(out).stream().filter(line -> line.startsWith("scale-")).count();
        if (listed < size) {
          throw new IllegalStateException("micro list services listed " + listed + " of the " + size + " services");
        }
      } finally {
        Files.deleteIfExists(out);
      }
    }
    return Stats.median(times);
  }

  private static Measurement median(List<Measurement> runs) {
    List<Measurement> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(Measurement::value));
    return sorted.get(sorted.size() / 2);
  }
}
