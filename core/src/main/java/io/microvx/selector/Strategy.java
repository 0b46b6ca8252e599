package io.microvx.selector;

import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;

import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /** The strategies by the names options use. */
  Map<String, Strategy> BY_NAME = Map.of(
    "random", RANDOM,
    "roundrobin", ROUND_ROBIN,
    "round_robin", ROUND_ROBIN,
    "least_requests", LEAST_REQUESTS,
    "leastrequests", LEAST_REQUESTS,
    "p2c", POWER_OF_TWO_CHOICES,
    "power_of_two_choices", POWER_OF_TWO_CHOICES,
    "hashed", HASHED,
    "consistent_hashing", HASHED);

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

  /** A strategy by name ({@code random}, {@code roundrobin}, {@code least_requests}, {@code p2c}, {@code hashed}). */
  static Strategy byName(String name) {
    Strategy strategy = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (strategy == null) {
      throw new IllegalArgumentException("unknown selector strategy \"" + name
        + "\": use random, roundrobin, least_requests, p2c or hashed");
    }
    return strategy;
  }
}
