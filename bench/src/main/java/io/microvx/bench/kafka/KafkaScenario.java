package io.microvx.bench.kafka;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.broker.BrokerScenario;
import io.microvx.bench.broker.BrokerTarget;
import io.microvx.bench.load.LoadDriver;
import io.microvx.bench.load.Target;
import io.microvx.broker.kafka.KafkaBrokerOptions;
import io.microvx.broker.kafka.KafkaBrokerProvider;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code kafka}, against a running Kafka ({@code MICRO_BENCH_KAFKA}, else {@code MICRO_TEST_KAFKA};
 * scripts/bench starts one): publish → deliver over our Kafka broker (envelope, commit after the handler)
 * against kafka-clients alone ({@code kafka-raw}), interleaved in the same run.
 */
public class KafkaScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(KafkaScenario.class);

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String description() {
    return "publish → deliver over the Kafka broker vs raw kafka-clients";
  }

  @Override
  public String unavailable() {
    return servers() == null ? "no Kafka: set MICRO_BENCH_KAFKA (scripts/bench starts one)" : null;
  }

  private static String servers() {
    String servers = System.getenv("MICRO_BENCH_KAFKA");
    if (servers == null || servers.isBlank()) {
      servers = System.getenv("MICRO_TEST_KAFKA");
    }
    return servers == null || servers.isBlank() ? null : servers;
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    List<Result> results = new ArrayList<>();
    Buffer message = BrokerScenario.message(options.getBrokerMessageBytes());
    Vertx vertx = Vertx.vertx();
    KafkaBrokerOptions kafka = new KafkaBrokerOptions().setBootstrapServers(servers());
    try (BrokerTarget ours = new BrokerTarget(vertx, KafkaBrokerProvider.create(vertx, kafka), message).start();
         RawKafkaLoop peer = RawKafkaLoop.start(servers(), message)) {
      Runs runs = measure(ours, peer, options);
      results.add(Result.of("kafka/broker", "kafka-raw", "msg/s", runs.ours(), runs.peer())
        .withTarget("≥ 0.9× msg/s", r -> r.ratio() >= 0.9));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    return results;
  }

  private record Runs(List<Measurement> ours, List<Measurement> peer) {
  }

  /** Warms both up, then measures them in turn. */
  private static Runs measure(Target ours, Target peer, BenchOptions options) {
    LoadDriver.run(ours, options.getConcurrency(), options.getWarmup());
    LoadDriver.run(peer, options.getConcurrency(), options.getWarmup());
    Map<String, List<Measurement>> runs = new LinkedHashMap<>();
    for (int rep = 1; rep <= options.getRepetitions(); rep++) {
      Measurement mine = LoadDriver.run(ours, options.getConcurrency(), options.getDuration());
      Measurement theirs = LoadDriver.run(peer, options.getConcurrency(), options.getDuration());
      runs.computeIfAbsent("ours", k -> new ArrayList<>()).add(mine);
      runs.computeIfAbsent("peer", k -> new ArrayList<>()).add(theirs);
      log.info("kafka broker run {}/{}: {}/s vs {}/s", rep, options.getRepetitions(), Math.round(mine.value()),
        Math.round(theirs.value()));
    }
    return new Runs(runs.get("ours"), runs.get("peer"));
  }
}
