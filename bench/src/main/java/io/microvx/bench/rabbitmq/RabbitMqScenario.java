package io.microvx.bench.rabbitmq;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.broker.BrokerScenario;
import io.microvx.bench.broker.BrokerTarget;
import io.microvx.bench.load.LoadDriver;
import io.microvx.bench.load.Target;
import io.microvx.bench.rpc.MicroRpc;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.broker.rabbitmq.RabbitMqBrokerProvider;
import io.microvx.transport.rabbitmq.RabbitMqTransport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario {@code rabbitmq}, against a running RabbitMQ ({@code MICRO_BENCH_RABBITMQ}, else
 * {@code MICRO_TEST_RABBITMQ}; scripts/bench starts one): publish → deliver over our RabbitMQ broker
 * against the RabbitMQ Java client alone ({@code amqp-client-raw}), publisher confirms on and manual acks
 * with the same prefetch on both sides; and RPC over our RabbitMQ transport against our http transport
 * ({@code rpc-http}); each pair interleaved in the same run.
 */
public class RabbitMqScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(RabbitMqScenario.class);

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public String description() {
    return "publish → deliver over the RabbitMQ broker vs the raw RabbitMQ Java client; RPC over the RabbitMQ transport vs http";
  }

  @Override
  public String unavailable() {
    return uri() == null ? "no RabbitMQ: set MICRO_BENCH_RABBITMQ (scripts/bench starts one)" : null;
  }

  private static String uri() {
    String uri = System.getenv("MICRO_BENCH_RABBITMQ");
    if (uri == null || uri.isBlank()) {
      uri = System.getenv("MICRO_TEST_RABBITMQ");
    }
    return uri == null || uri.isBlank() ? null : uri;
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    RabbitMqBrokerOptions rabbitmq = new RabbitMqBrokerOptions().setUri(uri()).setExchange("bench-ours");
    List<Result> results = new ArrayList<>();
    Buffer message = BrokerScenario.message(options.getBrokerMessageBytes());
    int prefetch = SubscribeOptions.DEFAULT_MAX_IN_FLIGHT;
    Vertx vertx = Vertx.vertx();
    try (BrokerTarget ours = new BrokerTarget(vertx, RabbitMqBrokerProvider.create(vertx, rabbitmq), message).start();
         RawRabbitLoop peer = RawRabbitLoop.start(uri(), message, prefetch)) {
      Runs runs = measure("broker", ours, peer, options);
      results.add(Result.of("rabbitmq/broker", "amqp-client-raw", "msg/s", runs.ours(), runs.peer())
        .withTarget("≥ 0.9× msg/s", r -> r.ratio() >= 0.9));
      if (peer.refused() > 0) {
        log.warn("the raw client had {} publications refused", peer.refused());
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    try (MicroRpc overRabbitMq = MicroRpc.start("rpc-rabbitmq", v -> RabbitMqTransport.create(v, rabbitmq));
         MicroRpc overHttp = MicroRpc.start()) {
      overRabbitMq.callOnce();
      Runs runs = measure("rpc", overRabbitMq, overHttp, options);
      results.add(Result.of("rabbitmq/rpc", "rpc-http", "ops/s", runs.ours(), runs.peer()));
    }
    return results;
  }

  private record Runs(List<Measurement> ours, List<Measurement> peer) {
  }

  /** Warms both up, then measures them in turn. */
  private static Runs measure(String what, Target ours, Target peer, BenchOptions options) {
    LoadDriver.run(ours, options.getConcurrency(), options.getWarmup());
    LoadDriver.run(peer, options.getConcurrency(), options.getWarmup());
    List<Measurement> mine = new ArrayList<>();
    List<Measurement> theirs = new ArrayList<>();
    for (int rep = 1; rep <= options.getRepetitions(); rep++) {
      Measurement a = LoadDriver.run(ours, options.getConcurrency(), options.getDuration());
      Measurement b = LoadDriver.run(peer, options.getConcurrency(), options.getDuration());
      mine.add(a);
      theirs.add(b);
      log.info("rabbitmq {} run {}/{}: {}/s vs {}/s", what, rep, options.getRepetitions(), Math.round(a.value()),
        Math.round(b.value()));
    }
    return new Runs(mine, theirs);
  }
}
