package io.microvx.bench.broker;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import io.microvx.bench.load.LoadDriver;
import io.microvx.bench.rpc.Payload;
import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.codec.Json;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scenario 4, {@code broker}: publish → deliver messages per second over each of our brokers, against a
 * bare Vert.x HTTP POST loop ({@code vertx-post}) carrying the same message with the same concurrency.
 *
 * <p>The http broker publishes to itself here (one process), so every message still crosses loopback
 * HTTP once, as the peer's does. A plugin module can ship its own scenario the same way, against its raw
 * client.
 */
public class BrokerScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(BrokerScenario.class);
  private static final String PEER = "vertx-post";

  /** The brokers measured, by name; each is made on the Vert.x the scenario gives it. */
  static final Map<String, Function<Vertx, Broker>> BROKERS = brokers();

  private static Map<String, Function<Vertx, Broker>> brokers() {
    Map<String, Function<Vertx, Broker>> brokers = new LinkedHashMap<>();
    brokers.put("memory", vertx -> Broker.memory(vertx, new BrokerOptions()));
    brokers.put("http", vertx -> Broker.http(vertx, Registry.cached(vertx, Registry.memory(vertx), new CacheOptions()),
      new BrokerOptions().setAddress("127.0.0.1:0"), 4 * 1024 * 1024));
    return brokers;
  }

  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String description() {
    return "publish → deliver over the memory and http brokers vs a raw Vert.x HTTP POST loop";
  }

  /**
   * Each broker on a Vert.x of its own, all against one raw POST loop: the peer is the same for every
   * broker, so each repetition measures it once, after the brokers, instead of once per broker.
   */
  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    Buffer message = message(options.getBrokerMessageBytes());
    Map<String, Vertx> vertxes = new LinkedHashMap<>();
    Map<String, BrokerTarget> targets = new LinkedHashMap<>();
    try (RawPostLoop peer = RawPostLoop.start(message)) {
      for (Map.Entry<String, Function<Vertx, Broker>> entry : BROKERS.entrySet()) {
        Vertx vertx = Vertx.vertx();
        vertxes.put(entry.getKey(), vertx);
        targets.put(entry.getKey(), new BrokerTarget(vertx, entry.getValue().apply(vertx), message).start());
      }
      for (BrokerTarget target : targets.values()) {
        LoadDriver.run(target, options.getConcurrency(), options.getWarmup());
      }
      LoadDriver.run(peer, options.getConcurrency(), options.getWarmup());
      Map<String, List<Measurement>> runs = new LinkedHashMap<>();
      for (int rep = 1; rep <= options.getRepetitions(); rep++) {
        for (Map.Entry<String, BrokerTarget> target : targets.entrySet()) {
          runs.computeIfAbsent(target.getKey(), k -> new ArrayList<>())
            .add(LoadDriver.run(target.getValue(), options.getConcurrency(), options.getDuration()));
        }
        Measurement theirs = LoadDriver.run(peer, options.getConcurrency(), options.getDuration());
        runs.computeIfAbsent(PEER, k -> new ArrayList<>()).add(theirs);
        for (String broker : targets.keySet()) {
          log.info("broker run {}/{} {}: {} msg/s vs {} msg/s", rep, options.getRepetitions(), broker,
            Math.round(runs.get(broker).get(rep - 1).value()), Math.round(theirs.value()));
        }
      }
      List<Result> results = new ArrayList<>();
      for (String broker : targets.keySet()) {
        String scenario = name() + "/" + broker + (options.getBrokerMessageBytes() > 0 ? "-" + message.length() + "B" : "");
        results.add(Result.of(scenario, PEER, "msg/s", runs.get(broker), runs.get(PEER)));
      }
      return results;
    } finally {
      for (BrokerTarget target : targets.values()) {
        target.close();
      }
      for (Vertx vertx : vertxes.values()) {
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
    }
  }

  /** The sample payload's JSON, padded with a {@code pad} field to {@code bytes} when that is larger. */
  public static Buffer message(int bytes) throws Exception {
    byte[] sample = Json.mapper().writeValueAsBytes(Payload.SAMPLE);
    // {"pad":"…",<the sample's fields>}: 10 bytes around the padding, less the sample's own opening brace
    int pad = bytes - sample.length - 9;
    if (pad < 0) {
      return Buffer.buffer(sample);
    }
    return Buffer.buffer("{\"pad\":\"" + "x".repeat(pad) + "\",").appendBytes(sample, 1, sample.length - 1);
  }
}
