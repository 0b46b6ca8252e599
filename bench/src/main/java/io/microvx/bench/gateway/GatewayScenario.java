package io.microvx.bench.gateway;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.startup.ChildJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario 2, {@code gateway}: {@code wrk} through our API gateway to the example greeter, against
 * {@code wrk} straight at the greeter's http transport ({@code direct}), through nginx with keep-alive
 * upstream connections ({@code nginx}), through HAProxy ({@code haproxy}) and through Spring Cloud Gateway
 * ({@code spring-cloud-gateway}, when its jar was built: {@link SpringCloudGateway}). One greeter serves all
 * the paths; the paths are warmed up (the gateway's first and longest, see {@link #GATEWAY_WARMUP}), then
 * measured in turn, direct, gateway, nginx, haproxy, direct, … so that noise hits all of them alike. Every request
 * carries the same 108-byte JSON the other scenarios use (the greeter reads its {@code name}).
 *
 * <p>The greeter and the gateway are separate {@code java} processes ({@link GatewayChild}), so neither
 * shares a heap, a collector or event loops with the other, with {@code wrk} or with the runner, as nginx
 * and HAProxy do not; each runs one event loop per core, nginx one worker per core and HAProxy one thread
 * per core.
 */
public class GatewayScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(GatewayScenario.class);

  /**
   * The least warm-up of the gateway path, whatever the preset: on 2 busy cores a fresh gateway takes about
   * 12 s of load to reach its steady rate (1.6k req/s in its first 2 s, 15k after 8 s, 35–40k from 12 s
   * on), its JIT compiling the router, the client and both HTTP sides.
   */
  static final Duration GATEWAY_WARMUP = Duration.ofSeconds(15);

  /**
   * The most warm-up of the direct and nginx paths, which are warmed after the gateway path: that one has
   * already run the greeter's whole call path (same transport server, wire and handler) for at least
   * {@link #GATEWAY_WARMUP}, and nginx is native code, so all that is left to warm is their connections.
   */
  static final Duration OTHER_WARMUP = Duration.ofSeconds(3);

  /** One way to the greeter: the request wrk sends, and the processes that serve it (for CPU time). */
  record Route(String name, Wrk.Request request, List<ProcessHandle> processes) {
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public String description() {
    return "wrk → API gateway → greeter vs wrk → greeter (direct), wrk → nginx (keep-alive upstream) → greeter,"
      + " wrk → HAProxy → greeter and wrk → Spring Cloud Gateway → greeter";
  }

  @Override
  public List<String> tools() {
    return List.of("wrk", "nginx", "haproxy");
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    String instances = Integer.toString(Runtime.getRuntime().availableProcessors());
    Path directory = Files.createTempDirectory("microvx-bench-gateway-");
    Thread removal = new Thread(() -> delete(directory), "bench-gateway-temp");
    Runtime.getRuntime().addShutdownHook(removal);
    try (ChildJvm greeter = child(options, List.of("greeter", instances));
         ChildJvm gateway = child(options, List.of("gateway", instances, address(greeter)));
         PeerProcess nginx = Nginx.start(directory, address(greeter), Integer.parseInt(instances));
         PeerProcess haproxy = Haproxy.start(directory, address(greeter), Integer.parseInt(instances));
         PeerProcess springCloudGateway = SpringCloudGateway.unavailable() != null ? null
           : SpringCloudGateway.start(directory, address(greeter))) {
      if (springCloudGateway == null) {
        log.warn("gateway: Spring Cloud Gateway not measured: {}", SpringCloudGateway.unavailable());
      }
      List<Route> routes = Routes.of(address(greeter), greeter.handle(), address(gateway), gateway.handle(), nginx,
        haproxy, springCloudGateway);
      for (Route route : routes) {
        Routes.check(route);
      }
      Wrk wrk = new Wrk(directory);
      int connections = options.getConcurrency();
      // wrk measures whole seconds: a warm-up shorter than one (the smoke preset's) is skipped
      if (options.getWarmup().toSeconds() >= 1) {
        List<Route> gatewayFirst = new ArrayList<>(routes);
        gatewayFirst.sort(Comparator.comparing(route -> !route.name().equals("gateway")));
        for (Route route : gatewayFirst) {
          warmUp(wrk, route, connections, options);
        }
      }
      Map<String, List<Measurement>> runs = new LinkedHashMap<>();
      for (int rep = 1; rep <= options.getRepetitions(); rep++) {
        for (Route route : routes) {
          Measurement m = measure(wrk, route, connections, options.getDuration());
          runs.computeIfAbsent(route.name(), n -> new ArrayList<>()).add(m);
          log.info("gateway run {}/{} {}: {} req/s, p50 {} ms, p99 {} ms, {} CPU µs/req, {} failed", rep,
            options.getRepetitions(), route.name(), Math.round(m.value()), m.p50Ms(), m.p99Ms(),
            m.cpuMicrosPerOp() == null ? "?" : String.format("%.1f", m.cpuMicrosPerOp()), m.failures());
        }
        for (Route route : routes) {
          // a greeter error is a 200 with an empty body on the direct path: wrk would count it as served
          Routes.check(route);
        }
      }
      String layout = "separate processes on 127.0.0.1, " + instances + " cores: greeter and gateway "
        + instances + " verticle instances each, " + Nginx.version() + " " + instances + " workers (keepalive 64"
        + " upstream), " + Haproxy.version() + " " + instances + " threads (http-reuse always)"
        + (springCloudGateway == null ? "" : ", Spring Cloud Gateway 5.0 on Spring Boot 4.0 (default JVM flags)")
        + "; wrk -t" + Wrk.THREADS + " -c" + connections + ", " + Wrk.seconds(options.getDuration())
        + " s runs; CPU µs/req: wrk and the processes on the path";
      List<Measurement> direct = runs.get("direct");
      List<Measurement> ours = runs.get("gateway");
      List<Measurement> peer = runs.get("nginx");
      List<Measurement> haproxyRuns = runs.get("haproxy");
      List<Result> results = new ArrayList<>(List.of(
        Result.of(name(), "direct", "req/s", ours, direct)
          .withTarget("≥ 0.60× direct", r -> r.ratio() >= 0.60).withNote(layout),
        Result.of(name(), "nginx", "req/s", ours, peer)
          .withTarget("≥ 1.0× nginx", r -> r.ratio() >= 1.0).withNote(layout),
        Result.of(name(), "haproxy", "req/s", ours, haproxyRuns)
          .withTarget("≥ 1.0× HAProxy", r -> r.ratio() >= 1.0).withNote(layout),
        Result.of("nginx", "direct", "req/s", peer, direct)
          .withNote("reference, ours = nginx here: the peer's own ratio to direct; " + layout),
        Result.of("haproxy", "direct", "req/s", haproxyRuns, direct)
          .withNote("reference, ours = HAProxy here: the peer's own ratio to direct; " + layout)));
      List<Measurement> spring = runs.get(SpringCloudGateway.NAME);
      if (spring != null) {
        results.add(Result.of(name(), SpringCloudGateway.NAME, "req/s", ours, spring)
          .withTarget("≥ 2.0× Spring Cloud Gateway", r -> r.ratio() >= 2.0).withNote(layout));
        results.add(Result.of(SpringCloudGateway.NAME, "direct", "req/s", spring, direct)
          .withNote("reference, ours = Spring Cloud Gateway here: the peer's own ratio to direct; " + layout));
      }
      return results;
    } finally {
      delete(directory);
      try {
        Runtime.getRuntime().removeShutdownHook(removal);
      } catch (IllegalStateException shuttingDown) {
        // the hook removes it
      }
    }
  }

  /**
   * Warms a path up for {@link #warmup}; a gateway on the JVM then goes on in slices of one run's length
   * (at most one per repetition) while a slice is more than 10 % faster than the one before: on a slow
   * day 15 s left ours and Spring Cloud Gateway still compiling through the first measured runs (ours
   * climbed from 10k to 22k req/s over its five 3 s runs, its CPU per request fell from 191 to 87 µs).
   */
  static void warmUp(Wrk wrk, Route route, int connections, BenchOptions options) throws Exception {
    Duration first = warmup(route, options.getWarmup());
    double rate = wrk.checkedRun(route.request(), Routes.REPLY, connections, first).value();
    int slices = 0;
    while (isJvmGateway(route) && slices < options.getRepetitions()) {
      double slice = wrk.checkedRun(route.request(), Routes.REPLY, connections, options.getDuration()).value();
      slices++;
      boolean steady = slice <= rate * 1.1;
      rate = slice;
      if (steady) {
        break;
      }
    }
    log.info("gateway warm-up {}: {} s, then {} slices of {} s, the last at {} req/s", route.name(), first.toSeconds(),
      slices, Wrk.seconds(options.getDuration()), Math.round(rate));
  }

  private static boolean isJvmGateway(Route route) {
    return route.name().equals("gateway") || route.name().equals(SpringCloudGateway.NAME);
  }

  /**
   * The preset's warm-up, for the gateways on the JVM (ours and Spring Cloud Gateway) at least {@link #GATEWAY_WARMUP} (three times the preset's at
   * most, so the quick run stays quick and rough), for the others at most {@link #OTHER_WARMUP}.
   */
  static Duration warmup(Route route, Duration preset) {
    if (isJvmGateway(route)) {
      Duration least = GATEWAY_WARMUP.compareTo(preset.multipliedBy(3)) < 0 ? GATEWAY_WARMUP : preset.multipliedBy(3);
      return preset.compareTo(least) < 0 ? least : preset;
    }
    return preset.compareTo(OTHER_WARMUP) > 0 ? OTHER_WARMUP : preset;
  }

  /** One wrk run with the CPU time that the path's processes and wrk itself spent on it. */
  private static Measurement measure(Wrk wrk, Route route, int connections, Duration duration) throws Exception {
    long serversBefore = CpuTime.of(route.processes());
    long clientBefore = CpuTime.reapedChildren();
    Measurement m = wrk.run(route.request(), connections, duration);
    long servers = CpuTime.of(route.processes()) - serversBefore;
    long client = CpuTime.reapedChildren() - clientBefore;
    Double cpu = serversBefore < 0 || clientBefore < 0 || servers < 0 || client < 0 ? null
      : (servers + client) / 1e3 / m.count();
    return new Measurement(m.value(), m.p50Ms(), m.p99Ms(), m.count(), m.failures(), cpu);
  }

  static ChildJvm child(BenchOptions options, List<String> args) throws Exception {
    return ChildJvm.start(options.getClassPath(), GatewayChild.class.getName(), args, GatewayChild.READY);
  }

  static String address(ChildJvm child) {
    String line = child.readyLine();
    return line.substring(line.indexOf(GatewayChild.READY) + GatewayChild.READY.length()).trim();
  }

  static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.debug("could not remove {}", directory, e);
    }
  }
}
