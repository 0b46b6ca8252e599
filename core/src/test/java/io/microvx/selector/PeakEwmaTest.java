package io.microvx.selector;

import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.transport.TransportException;
import io.vertx.core.Vertx;
import io.vertx.core.net.endpoint.DefaultInteractionMetric;
import io.vertx.core.net.endpoint.DefaultInteractionMetrics;
import io.vertx.core.net.endpoint.ServerSelector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peak-EWMA against random and least-requests, in a simulation driven through the strategies' metrics on
 * a clock the test moves: three nodes, node 1 ten times slower than the others, one call every 2 ms for
 * 10 s of simulated time. Nothing depends on the machine's speed.
 */
class PeakEwmaTest {

  private static final long MS = 1_000_000L;
  private static final long[] LATENCY = {10 * MS, 100 * MS, 10 * MS};
  private static final int CALLS = 5000;
  private static final long INTERVAL = 2 * MS;

  private final AtomicLong now = new AtomicLong(1_000 * MS);

  /** What one simulated run measured. */
  private record Run(String strategy, int[] calls, long p99Millis, double meanMillis) {
    @Override
    public String toString() {
      return String.format("%s: calls per node %s, mean %.1f ms, p99 %d ms", strategy, Arrays.toString(calls),
        meanMillis, p99Millis);
    }
  }

  private record Completion(long at, NodeEndpoint endpoint, DefaultInteractionMetric metric) {
  }

  private Run simulate(String name, Strategy strategy, long[] latency, boolean[] failing) {
    List<NodeEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < latency.length; i++) {
      endpoints.add(new NodeEndpoint(new Node("node-" + i, "127.0.0.1:" + (7000 + i)), new NodeState(strategy.newMetrics())));
    }
    ServerSelector selector = strategy.selector(endpoints);
    PriorityQueue<Completion> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    int[] calls = new int[latency.length];
    long[] latencies = new long[CALLS];
    long start = now.get();
    for (int k = 0; k < CALLS; k++) {
      long t = start + k * INTERVAL;
      while (!inFlight.isEmpty() && inFlight.peek().at <= t) {
        complete(inFlight.poll(), failing);
      }
      now.set(t);
      int index = selector.select();
      NodeEndpoint endpoint = endpoints.get(index);
      DefaultInteractionMetrics metrics = endpoint.state.metrics;
      DefaultInteractionMetric metric = metrics.initiateRequest();
      metrics.reportRequestBegin(metric);
      inFlight.add(new Completion(t + latency[index], endpoint, metric));
      calls[index]++;
      latencies[k] = latency[index];
    }
    while (!inFlight.isEmpty()) {
      complete(inFlight.poll(), failing);
    }
    Arrays.sort(latencies);
    return new Run(name, calls, latencies[(int) Math.ceil(0.99 * CALLS) - 1] / MS,
      Arrays.stream(latencies).average().orElse(0) / MS);
  }

  private void complete(Completion done, boolean[] failing) {
    now.set(done.at);
    int index = Integer.parseInt(done.endpoint.node.id().substring("node-".length()));
    if (failing != null && failing[index]) {
      done.endpoint.state.metrics.reportFailure(done.metric, new TransportException("refused", 500, null));
    } else {
      done.endpoint.state.metrics.reportResponseEnd(done.metric);
    }
  }

  private Strategy peakEwma(long seed) {
    return new PeakEwma(Duration.ofSeconds(10), Duration.ofSeconds(1), now::get, new Random(seed));
  }

  @Test
  void peakEwmaSendsFarFewerCallsToTheSlowNodeThanRandomAndLeastRequests() {
    Run random = simulate("random", Strategy.RANDOM, LATENCY, null);
    Run least = simulate("least_requests", Strategy.LEAST_REQUESTS, LATENCY, null);
    Run peak = simulate("peak_ewma", peakEwma(42), LATENCY, null);
    System.out.printf("peak-EWMA simulation, node 1 10x slower, %d calls:%n  %s%n  %s%n  %s%n", CALLS, random, least, peak);

    // random: a third each (1667 expected, standard deviation about 33)
    assertThat(random.calls[1]).isBetween(1400, 1950);
    assertThat(peak.calls[1]).as("peak-EWMA vs random").isLessThan(random.calls[1] / 10);
    assertThat(peak.calls[1]).as("peak-EWMA vs least-requests").isLessThan(least.calls[1] / 4);
    assertThat(peak.calls[0] + peak.calls[2]).isGreaterThan(CALLS * 99 / 100);
    assertThat(peak.meanMillis).isLessThan(least.meanMillis).isLessThan(random.meanMillis);
    assertThat(peak.p99Millis).isLessThan(least.p99Millis);
  }

  @Test
  void aNodeThatFailsFastDoesNotLookFast() {
    long[] latency = {10 * MS, 1 * MS, 10 * MS};
    Run peak = simulate("peak_ewma", peakEwma(7), latency, new boolean[] {false, true, false});
    System.out.printf("peak-EWMA, node 1 fails every call in 1 ms: %s%n", peak);
    assertThat(peak.calls[1]).isLessThan(CALLS / 100);
  }

  @Test
  void aSlowNodesCostDecaysWithTheTimeConstantSoItIsTriedAgain() {
    PeakEwma.Metrics metrics = (PeakEwma.Metrics) peakEwma(1).newMetrics();
    DefaultInteractionMetric metric = metrics.initiateRequest();
    now.addAndGet(100 * MS);
    metrics.reportResponseEnd(metric);
    assertThat(metrics.latency()).isEqualTo(100 * MS);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(metrics.latency() / MS).as("one time constant: 1/e left").isCloseTo(100 / Math.E, org.assertj.core.data.Offset.offset(0.01));
    metric = metrics.initiateRequest();
    assertThat(metrics.cost() / metrics.latency()).as("calls in flight + 1").isEqualTo(2.0);
    now.addAndGet(500 * MS);
    metrics.reportResponseEnd(metric);
    assertThat(metrics.latency()).as("a higher latency replaces the average at once").isEqualTo(500 * MS);
  }

  @Test
  void theRegistrySelectorKeepsPeakEwmaMetricsPerNodeAndNamesFindIt() {
    assertThat(Strategy.byName("peak_ewma")).isSameAs(Strategy.PEAK_EWMA);
    assertThat(Strategy.byName("PeakEwma")).isSameAs(Strategy.PEAK_EWMA);
    assertThat(new SelectorOptions().setStrategy("peak_ewma").getStrategy()).isEqualTo("peak_ewma");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Strategy.byName("fastest"))
      .hasMessageContaining("peak_ewma");

    Vertx vertx = Vertx.vertx();
    Registry memory = Registry.memory(vertx);
    CachingRegistry cache = Registry.cached(vertx, memory, new CacheOptions());
    try {
      List<Node> nodes = List.of(new Node("n0", "127.0.0.1:7100"), new Node("n1", "127.0.0.1:7101"),
        new Node("n2", "127.0.0.1:7102"));
      Await.result(memory.register(new Service("greeter", "1", Map.of(),
        List.of(new Endpoint("Say.Hello", null, null, Map.of())), nodes)));
      Selector selector = Selector.create(cache, new SelectorOptions(), peakEwma(3));
      int[] calls = new int[3];
      for (int i = 0; i < 300; i++) {
        Selection selection = Await.result(selector.select("greeter", SelectOptions.NONE));
        int index = nodes.indexOf(selection.node());
        calls[index]++;
        now.addAndGet(LATENCY[index]);
        selection.done(null);
      }
      System.out.printf("peak-EWMA over the registry selector, 300 calls one at a time: %s%n", Arrays.toString(calls));
      assertThat(calls[1]).isLessThan(10);
      assertThat(selector.status("greeter")).allSatisfy(status -> assertThat(status.inflight()).isZero());
    } finally {
      Await.result(cache.close());
      Await.result(memory.close());
      Await.result(vertx.close());
    }
  }
}
