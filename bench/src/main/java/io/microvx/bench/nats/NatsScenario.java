package io.microvx.bench.nats;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.broker.BrokerScenario;
import io.microvx.bench.broker.BrokerTarget;
import io.microvx.bench.load.LoadDriver;
import io.microvx.bench.load.Target;
import io.microvx.bench.rpc.MicroRpc;
import io.microvx.broker.BrokerOptions;
import io.microvx.nats.NatsBroker;
import io.microvx.nats.NatsOptions;
import io.microvx.nats.NatsTransport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code nats}, against a running nats-server ({@code MICRO_BENCH_NATS}, else {@code MICRO_TEST_NATS};
 * scripts/bench starts one): publish → deliver over our NATS broker against jnats alone
 * ({@code jnats-raw}), and RPC over our NATS transport against our http transport ({@code rpc-http}),
 * each pair interleaved in the same run.
 */
public class NatsScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(NatsScenario.class);

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public String description() {
    return "publish → deliver over the NATS broker vs raw jnats; RPC over the NATS transport vs the http transport";
  }

  @Override
  public String unavailable() {
    return url() == null ? "no nats-server: set MICRO_BENCH_NATS (scripts/bench starts one)" : null;
  }

  private static String url() {
    String url = System.getenv("MICRO_BENCH_NATS");
    if (url == null || url.isBlank()) {
      url = System.getenv("MICRO_TEST_NATS");
    }
    return url == null || url.isBlank() ? null : url;
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    NatsOptions nats = new NatsOptions().setServers(List.of(url()));
    List<Result> results = new ArrayList<>();
    Buffer message = BrokerScenario.message(options.getBrokerMessageBytes());
    Vertx vertx = Vertx.vertx();
    try (BrokerTarget ours = new BrokerTarget(vertx, NatsBroker.create(vertx, nats, new BrokerOptions()), message).start();
         RawJnatsLoop peer = RawJnatsLoop.start(url(), message)) {
      Runs runs = measure("broker", ours, peer, options);
      results.add(Result.of("nats/broker", "jnats-raw", "msg/s", runs.ours(), runs.peer())
        .withTarget("≥ 0.9× msg/s", r -> r.ratio() >= 0.9));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    try (MicroRpc overNats = MicroRpc.start("rpc-nats", v -> NatsTransport.create(v, nats));
         MicroRpc overHttp = MicroRpc.start()) {
      overNats.callOnce();
      Runs runs = measure("rpc", overNats, overHttp, options);
      results.add(Result.of("nats/rpc", "rpc-http", "ops/s", runs.ours(), runs.peer()));
    }
    return results;
  }

  private record Runs(List<Measurement> ours, List<Measurement> peer) {
  }

  /** Warms both up, then measures them in turn. */
  private static Runs measure(String what, Target ours, Target peer, BenchOptions options) {
    LoadDriver.run(ours, options.getConcurrency(), options.getWarmup());
    LoadDriver.run(peer, options.getConcurrency(), options.getWarmup());
    Map<String, List<Measurement>> runs = new LinkedHashMap<>();
    for (int rep = 1; rep <= options.getRepetitions(); rep++) {
      Measurement mine = LoadDriver.run(ours, options.getConcurrency(), options.getDuration());
      Measurement theirs = LoadDriver.run(peer, options.getConcurrency(), options.getDuration());
      runs.computeIfAbsent("ours", k -> new ArrayList<>()).add(mine);
      runs.computeIfAbsent("peer", k -> new ArrayList<>()).add(theirs);
      log.info("nats {} run {}/{}: {}/s vs {}/s", what, rep, options.getRepetitions(), Math.round(mine.value()),
        Math.round(theirs.value()));
    }
    return new Runs(runs.get("ours"), runs.get("peer"));
  }
}
