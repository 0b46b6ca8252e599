package io.microvx.selector;

import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How a node is chosen among the eligible ones: a Vert.x {@link LoadBalancer}, so any of Vert.x's balancers
 * (or your own) plugs in. Endpoints handed to it report in-flight requests through
 * {@link io.vertx.core.net.endpoint.DefaultInteractionMetrics}, which Vert.x's least-requests and
 * power-of-two-choices balancers read.
 */
public interface Strategy extends LoadBalancer {

  /** Uniform over the nodes, go-micro's default. */
  Strategy RANDOM = of(LoadBalancer.RANDOM);

  /** Each node in turn. */
  Strategy ROUND_ROBIN = of(LoadBalancer.ROUND_ROBIN);

  /** The node with the fewest calls in flight (a scan of all nodes). */
  Strategy LEAST_REQUESTS = of(LoadBalancer.LEAST_REQUESTS);

  /** The less loaded of two random nodes: least-requests at constant cost. */
  Strategy POWER_OF_TWO_CHOICES = of(LoadBalancer.POWER_OF_TWO_CHOICES);

  /**
   * Consistent hashing on the call's routing key (a key keeps its node while that node lives, and only
   * the keys of a node that leaves move); random for calls without a key.
   */
  Strategy HASHED = of(servers -> new HashRing(servers, HashRing.DEFAULT_VIRTUAL_NODES, LoadBalancer.RANDOM.selector(servers)));

  /**
   * Latency-aware (Linkerd's and Finagle's peak-EWMA): the cheaper of two random nodes, a node's cost being
   * its peak-sensitive moving average latency (failures count as at least 1 s) × its calls in flight + 1,
   * decaying with a 10 s time constant.
   */
  Strategy PEAK_EWMA = peakEwma(Duration.ofSeconds(10), Duration.ofSeconds(1), System::nanoTime);

  /** The strategies by the names options use. */
  Map<String, Strategy> BY_NAME = Map.ofEntries(
    Map.entry("random", RANDOM),
    Map.entry("roundrobin", ROUND_ROBIN),
    Map.entry("round_robin", ROUND_ROBIN),
    Map.entry("least_requests", LEAST_REQUESTS),
    Map.entry("leastrequests", LEAST_REQUESTS),
    Map.entry("p2c", POWER_OF_TWO_CHOICES),
    Map.entry("power_of_two_choices", POWER_OF_TWO_CHOICES),
    Map.entry("hashed", HASHED),
    Map.entry("consistent_hashing", HASHED),
    Map.entry("peak_ewma", PEAK_EWMA),
    Map.entry("peakewma", PEAK_EWMA));

  /**
   * Peak-EWMA with your own time constant ({@code decay}: how fast old latencies fade), the latency a failed
   * call counts as at least, and a clock of nanoseconds (tests move one by hand).
   */
  static Strategy peakEwma(Duration decay, Duration failurePenalty, LongSupplier nanoClock) {
    return new PeakEwma(decay, failurePenalty, nanoClock, null);
  }

  /** Wraps any Vert.x load balancer as a strategy. */
  static Strategy of(LoadBalancer balancer) {
    return new Strategy() {
      @Override
      public ServerSelector selector(List<? extends ServerEndpoint> servers) {
        return balancer.selector(servers);
      }

      @Override
      public io.vertx.core.net.endpoint.InteractionMetrics<?> newMetrics() {
        return balancer.newMetrics();
      }
    };
  }

  /**
   * A strategy by name ({@code random}, {@code roundrobin}, {@code least_requests}, {@code p2c}, {@code hashed},
   * {@code peak_ewma}).
   */
  static Strategy byName(String name) {
    Strategy strategy = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (strategy == null) {
      throw new IllegalArgumentException("unknown selector strategy \"" + name
        + "\": use random, roundrobin, least_requests, p2c, hashed or peak_ewma");
    }
    return strategy;
  }
}
