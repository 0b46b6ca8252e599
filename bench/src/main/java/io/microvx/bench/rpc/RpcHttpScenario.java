package io.microvx.bench.rpc;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.load.LoadDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1, {@code rpc-http}: our client calling our server over the http transport, against a bare
 * Vert.x HTTP client and server ({@code vertx-raw}), against gRPC-java ({@code grpc-java}) and against
 * itself with metrics off ({@code micro-unmetered}, pricing the metrics) and traced with no call and with 1 %
 * of calls sampled ({@code micro-traced-0}, {@code micro-traced-1pct}, pricing the tracing), all echoing
 * the same 108-byte JSON with the same number of calls in flight. Each system is warmed up, then measured
 * in turn, ours, vertx-raw, grpc-java, ours, … so that noise on the shared machine hits all of them alike.
 */
public class RpcHttpScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(RpcHttpScenario.class);

  @FunctionalInterface
  interface Starter {
    RpcSystem start() throws Exception;
  }

  static final String TRACED_NONE = "micro-traced-0";
  static final String TRACED_ONE_PERCENT = "micro-traced-1pct";

  @Override
  public String name() {
    return "rpc-http";
  }

  @Override
  public String description() {
    return "micro client → micro server (http transport) vs raw Vert.x HTTP and gRPC-java, JSON echo";
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    List<RpcSystem> systems = new ArrayList<>();
    try {
      for (Starter starter : List.<Starter>of(MicroRpc::start, VertxRawRpc::start, GrpcRpc::start,
        MicroRpc::unmetered, () -> MicroRpc.traced(TRACED_NONE, 0), () -> MicroRpc.traced(TRACED_ONE_PERCENT, 0.01))) {
        RpcSystem system = starter.start();
        systems.add(system);
        Payload reply = system.callOnce();
        if (!Payload.SAMPLE.equals(reply)) {
          throw new IllegalStateException(system.name() + " echoed " + reply + " instead of " + Payload.SAMPLE);
        }
      }
      for (RpcSystem system : systems) {
        Measurement warm = LoadDriver.run(system, options.getConcurrency(), options.getWarmup());
        log.info("rpc-http warm-up {}: {} calls/s", system.name(), Math.round(warm.value()));
      }
      Map<String, List<Measurement>> runs = new LinkedHashMap<>();
      for (int rep = 1; rep <= options.getRepetitions(); rep++) {
        for (RpcSystem system : systems) {
          Measurement m = LoadDriver.run(system, options.getConcurrency(), options.getDuration());
          runs.computeIfAbsent(system.name(), n -> new ArrayList<>()).add(m);
          log.info("rpc-http run {}/{} {}: {} calls/s, p50 {} ms, p99 {} ms, {} CPU µs/call, {} failed", rep,
            options.getRepetitions(), system.name(), Math.round(m.value()), m.p50Ms(), m.p99Ms(),
            m.cpuMicrosPerOp() == null ? "?" : String.format("%.1f", m.cpuMicrosPerOp()), m.failures());
        }
      }
      String layout = "one JVM; server and client each on their own Vert.x (or gRPC's Netty), one connection-owning"
        + " event loop each side; " + options.getConcurrency() + " calls in flight";
      List<Measurement> ours = runs.get("micro");
      return List.of(
        Result.of(name(), "vertx-raw", "ops/s", ours, runs.get("vertx-raw"))
          .withTarget("≥ 0.85× throughput and p99 ≤ 1.3×",
            r -> r.ratio() >= 0.85 && r.p99Ratio() != null && r.p99Ratio() <= 1.3)
          .withNote(layout),
        Result.of(name(), "grpc-java", "ops/s", ours, runs.get("grpc-java"))
          .withTarget("≥ 1.0× throughput", r -> r.ratio() >= 1.0)
          .withNote(layout),
        Result.of(name(), "micro-unmetered", "ops/s", ours, runs.get("micro-unmetered"))
          .withTarget("≥ 0.95× throughput (metrics cost at most 5 %)", r -> r.ratio() >= 0.95)
          .withNote(layout + "; ours with metrics on both sides against ours with them off"),
        // ours traced against ours untraced: the ratio is what tracing leaves of the throughput
        Result.of(name() + "/traced-0", "micro", "ops/s", runs.get(TRACED_NONE), ours)
          .withTarget("≥ 0.95× throughput (tracing that samples nothing costs at most 5 %)", r -> r.ratio() >= 0.95)
          .withNote(layout + "; ours traced on both sides, no call sampled, against ours untraced (both with metrics)"),
        Result.of(name() + "/traced-1pct", "micro", "ops/s", runs.get(TRACED_ONE_PERCENT), ours)
          .withTarget("≥ 0.9× throughput", r -> r.ratio() >= 0.9)
          .withNote(layout + "; ours traced on both sides, 1 % of calls sampled and their spans exported over"
            + " OTLP/HTTP to a receiver on 127.0.0.1, against ours untraced (both with metrics)"));
    } finally {
      for (RpcSystem system : systems) {
        try {
          system.close();
        } catch (Exception e) {
          log.warn("closing {} failed", system.name(), e);
        }
      }
    }
  }
}
