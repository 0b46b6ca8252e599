package io.microvx.selector;

import io.microvx.errors.MicroException;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.vertx.core.Future;
import io.vertx.core.net.endpoint.DefaultInteractionMetric;
import io.vertx.core.net.endpoint.ServerSelector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default selector. Per service it keeps a snapshot of the nodes (rebuilt only when the cache hands
 * out a new list) with the strategy's selector over them; the common pick is one selector call and an
 * ejection check. Filters, exclusions and ejected nodes take a slower path that builds a selector over
 * the eligible nodes only.
 */
final class RegistrySelector implements Selector {

  private static final String ID = "go.micro.client";

  private final CachingRegistry registry;
  private final SelectorOptions options;
  private final Strategy strategy;
  private final ConcurrentHashMap<String, ServiceNodes> services = new ConcurrentHashMap<>();

  RegistrySelector(CachingRegistry registry, SelectorOptions options, Strategy strategy) {
    this.registry = registry;
    this.options = new SelectorOptions(options);
    this.strategy = strategy;
  }

  @Override
  public Future<Selection> select(String service, SelectOptions selectOptions) {
    List<Service> cached = registry.peek(service);
    if (cached != null) {
      try {
        return Future.succeededFuture(pick(service, cached, selectOptions));
      } catch (MicroException e) {
        return Future.failedFuture(e);
      }
    }
    return registry.getService(service).map(versions -> pick(service, versions, selectOptions));
  }

  @Override
  public List<NodeStatus> status(String service) {
    ServiceNodes nodes = services.get(service);
    Snapshot snapshot = nodes == null ? null : nodes.snapshot;
    if (snapshot == null) {
      return List.of();
    }
    long now = System.nanoTime();
    List<NodeStatus> result = new ArrayList<>();
    for (NodeEndpoint endpoint : snapshot.endpoints) {
      NodeState state = endpoint.state;
      result.add(new NodeStatus(endpoint.node.id(), endpoint.node.address(), state.metrics.numberOfInflightRequests(),
        state.consecutiveFailures(), state.isEjected(now), state.ejections(), state.ejectedFor(now) / 1_000_000,
        state.lastFault()));
    }
    return result;
  }

  @Override
  public Map<String, Long> ejections() {
    Map<String, Long> counts = new HashMap<>();
    services.forEach((service, nodes) -> counts.put(service, nodes.ejected.sum()));
    return counts;
  }

  @Override
  public Future<Void> close() {
    services.clear();
    return Future.succeededFuture();
  }

  private Selection pick(String service, List<Service> versions, SelectOptions selectOptions) {
    if (versions.isEmpty()) {
      // no state for names nobody registered: callers asking for random names must not grow memory
      services.remove(service);
      throw MicroException.notFound(ID, "service %s: not found", service);
    }
    ServiceNodes nodes = services.computeIfAbsent(service, n -> new ServiceNodes());
    Snapshot snapshot = nodes.snapshotOf(versions, strategy);
    if (snapshot.endpoints.isEmpty()) {
      throw versions.isEmpty()
        ? MicroException.notFound(ID, "service %s: not found", service)
        : new MicroException(ID, "service " + service + ": no node available", 503);
    }
    long now = System.nanoTime();
    String key = selectOptions.routingKey();
    if (selectOptions.isPlain()) {
      // try the strategy's own choice a few times: rotation and randomness usually step past an ejected node
      int tries = Math.min(snapshot.endpoints.size(), 4);
      for (int i = 0; i < tries; i++) {
        NodeEndpoint chosen = choose(snapshot.selector, snapshot.endpoints, key);
        if (chosen != null && !chosen.state.isEjected(now)) {
          return new NodeSelection(chosen, nodes, now);
        }
        if (key != null) {
          break;
        }
      }
    }
    NodeEndpoint chosen = chooseAmongEligible(service, versions, snapshot, selectOptions, now);
    return new NodeSelection(chosen, nodes, now);
  }

  private NodeEndpoint chooseAmongEligible(String service, List<Service> versions, Snapshot snapshot,
                                           SelectOptions selectOptions, long now) {
    List<NodeEndpoint> allowed = snapshot.endpoints;
    if (!selectOptions.filters().isEmpty()) {
      List<Service> filtered = versions;
      for (Filter filter : selectOptions.filters()) {
        filtered = filter.apply(filtered);
      }
      Set<String> ids = new HashSet<>();
      for (Service version : filtered) {
        for (Node node : version.nodes()) {
          ids.add(node.id());
        }
      }
      allowed = new ArrayList<>();
      for (NodeEndpoint endpoint : snapshot.endpoints) {
        if (ids.contains(endpoint.node.id())) {
          allowed.add(endpoint);
        }
      }
      if (allowed.isEmpty()) {
        throw new MicroException(ID, "service " + service + ": no node matches the call's filters", 503);
      }
    }
    // prefer untried, unejected nodes; then untried ones; then any allowed (a retry may reuse a node)
    List<NodeEndpoint> candidates = eligible(allowed, selectOptions.excluded(), now, true);
    if (candidates.isEmpty()) {
      candidates = eligible(allowed, selectOptions.excluded(), now, false);
    }
    if (candidates.isEmpty()) {
      candidates = allowed;
    }
    NodeEndpoint chosen = choose(strategy.selector(candidates), candidates, selectOptions.routingKey());
    return chosen != null ? chosen : candidates.get(0);
  }

  private static List<NodeEndpoint> eligible(List<NodeEndpoint> allowed, Set<String> excluded, long now, boolean skipEjected) {
    List<NodeEndpoint> result = new ArrayList<>(allowed.size());
    for (NodeEndpoint endpoint : allowed) {
      if (!excluded.contains(endpoint.node.id()) && !(skipEjected && endpoint.state.isEjected(now))) {
        result.add(endpoint);
      }
    }
    return result;
  }

  private static NodeEndpoint choose(ServerSelector selector, List<NodeEndpoint> endpoints, String key) {
    int index = key == null ? selector.select() : selector.select(key);
    return index < 0 || index >= endpoints.size() ? null : endpoints.get(index);
  }

  /** The nodes of one service: node states by id, and the snapshot for the last list the cache gave. */
  private static final class ServiceNodes {
    final ConcurrentHashMap<String, NodeState> states = new ConcurrentHashMap<>();
    /** Ejections of this service's nodes since the selector was made. */
    final java.util.concurrent.atomic.LongAdder ejected = new java.util.concurrent.atomic.LongAdder();
    volatile Snapshot snapshot;

    Snapshot snapshotOf(List<Service> versions, Strategy strategy) {
      Snapshot current = snapshot;
      if (current != null && current.source == versions) {
        return current;
      }
      synchronized (this) {
        current = snapshot;
        if (current != null && current.source == versions) {
          return current;
        }
        List<NodeEndpoint> endpoints = new ArrayList<>();
        Map<String, NodeState> live = new HashMap<>();
        for (Service version : versions) {
          for (Node node : version.nodes()) {
            if (live.containsKey(node.id())) {
              continue; // one node registered under two versions counts once
            }
            NodeState state = states.computeIfAbsent(node.id(), id -> new NodeState(strategy.newMetrics()));
            live.put(node.id(), state);
            endpoints.add(new NodeEndpoint(node, state));
          }
        }
        states.keySet().retainAll(live.keySet());
        current = new Snapshot(versions, List.copyOf(endpoints), strategy.selector(endpoints));
        snapshot = current;
        return current;
      }
    }

    /** Whether one more node may be ejected without passing the cap. */
    boolean mayEject(SelectorOptions options, long now) {
      Snapshot current = snapshot;
      if (current == null) {
        return false;
      }
      int ejected = 0;
      for (NodeEndpoint endpoint : current.endpoints) {
        if (endpoint.state.isEjected(now)) {
          ejected++;
        }
      }
      int cap = current.endpoints.size() * options.getEjectionMaxPercent() / 100;
      return ejected + 1 <= cap;
    }
  }

  private record Snapshot(List<Service> source, List<NodeEndpoint> endpoints, ServerSelector selector) {
  }

  /** A fault as a status the dashboard may show: the go-micro code, or the kind of failure. */
  static String faultOf(Throwable fault) {
    if (fault instanceof MicroException micro) {
      return Integer.toString(micro.code());
    }
    return fault instanceof java.util.concurrent.TimeoutException ? "timeout" : "unreachable";
  }

  private final class NodeSelection implements Selection {
    private final NodeEndpoint endpoint;
    private final ServiceNodes nodes;
    private final DefaultInteractionMetric metric;
    private boolean reported;

    NodeSelection(NodeEndpoint endpoint, ServiceNodes nodes, long now) {
      this.endpoint = endpoint;
      this.nodes = nodes;
      this.metric = endpoint.state.metrics.initiateRequest();
      endpoint.state.metrics.reportRequestBegin(metric);
    }

    @Override
    public Node node() {
      return endpoint.node;
    }

    @Override
    public void done(Throwable nodeFault) {
      if (reported) {
        return;
      }
      reported = true;
      long now = System.nanoTime();
      NodeState state = endpoint.state;
      if (nodeFault == null) {
        state.metrics.reportResponseEnd(metric);
        state.succeeded(now, options.getEjectionTime().toNanos());
      } else {
        state.metrics.reportFailure(metric, nodeFault);
        if (state.failed(now, options, nodes.mayEject(options, now), faultOf(nodeFault))) {
          nodes.ejected.increment();
        }
      }
    }
  }
}
