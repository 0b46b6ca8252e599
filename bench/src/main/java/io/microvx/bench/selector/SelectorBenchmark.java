package io.microvx.bench.selector;

import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.endpoint.InteractionMetrics;
import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerInteraction;
import io.vertx.core.net.endpoint.ServerSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One pick among 100 nodes, as a call makes it. {@link #ours} is the whole per-call path of the selector:
 * registry-cache lookup, the strategy, the ejection check, the in-flight count, and the outcome reported
 * back. {@link #peer} is Vert.x's own load balancer of the same kind over the same 100 endpoints, with
 * the same in-flight reporting the Vert.x HTTP client does: the floor our layer sits on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectorBenchmark {

  static final int NODES = 100;
  private static final int KEYS = 1024;
  private static final String SERVICE = "bench";

  /** Our strategy names; {@link #peerBalancer} maps each to its Vert.x twin. */
  static final Map<String, String> PEERS = Map.of(
    "random", "vertx-random",
    "roundrobin", "vertx-round-robin",
    "least_requests", "vertx-least-requests",
    "p2c", "vertx-power-of-two-choices",
    "hashed", "vertx-consistent-hashing");

  @Param({"random", "roundrobin", "least_requests", "p2c", "hashed"})
  public String strategy;

  private Vertx vertx;
  private Registry registry;
  private CachingRegistry cache;
  private Selector selector;
  private boolean keyed;
  private String[] keys;
  private SelectOptions[] keyedOptions;
  private int next;
  private List<PeerEndpoint> endpoints;
  private ServerSelector peerSelector;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      nodes.add(new Node(SERVICE + "-" + i, "127.0.0.1:" + (20000 + i)));
    }
    registry.register(new Service(SERVICE, "1.0.0", nodes)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    cache = Registry.cached(vertx, registry, new CacheOptions());
    selector = Selector.create(cache, new SelectorOptions().setStrategy(strategy));
    // the first pick reads the registry and fills the cache; every later one is served from it
    selector.select(SERVICE, SelectOptions.NONE).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).done(null);

    keyed = strategy.equals("hashed");
    keys = new String[KEYS];
    keyedOptions = new SelectOptions[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      keyedOptions[i] = new SelectOptions(List.of(), keys[i], Set.of());
    }

    LoadBalancer balancer = peerBalancer(strategy);
    endpoints = new ArrayList<>();
    for (Node node : nodes) {
      endpoints.add(new PeerEndpoint(node, balancer.newMetrics()));
    }
    peerSelector = balancer.selector(endpoints);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    selector.close();
    cache.close();
    registry.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public Node ours() {
    SelectOptions options = keyed ? keyedOptions[next++ & (KEYS - 1)] : SelectOptions.NONE;
    Selection selection = selector.select(SERVICE, options).result();
    selection.done(null);
    return selection.node();
  }

  @Benchmark
  public Node peer() {
    int index = keyed ? peerSelector.select(keys[next++ & (KEYS - 1)]) : peerSelector.select();
    PeerEndpoint endpoint = endpoints.get(index);
    InteractionMetrics<Object> metrics = endpoint.metrics;
    Object metric = metrics.initiateRequest();
    metrics.reportRequestBegin(metric);
    metrics.reportResponseEnd(metric);
    return endpoint.node;
  }

  static LoadBalancer peerBalancer(String strategy) {
    return switch (strategy) {
      case "random" -> LoadBalancer.RANDOM;
      case "roundrobin" -> LoadBalancer.ROUND_ROBIN;
      case "least_requests" -> LoadBalancer.LEAST_REQUESTS;
      case "p2c" -> LoadBalancer.POWER_OF_TWO_CHOICES;
      case "hashed" -> LoadBalancer.CONSISTENT_HASHING;
      default -> throw new IllegalArgumentException("no Vert.x twin for strategy " + strategy);
    };
  }

  /** A node as a plain Vert.x endpoint, with the metrics its balancer asks for. */
  private static final class PeerEndpoint implements ServerEndpoint {
    final Node node;
    final InteractionMetrics<Object> metrics;
    private final SocketAddress address;

    @SuppressWarnings("unchecked")
    PeerEndpoint(Node node, InteractionMetrics<?> metrics) {
      this.node = node;
      this.metrics = (InteractionMetrics<Object>) metrics;
      this.address = SocketAddress.inetSocketAddress(node.port(), node.host());
    }

    @Override
    public String key() {
      return node.id();
    }

    @Override
    public SocketAddress address() {
      return address;
    }

    @Override
    public ServerInteraction newInteraction() {
      throw new UnsupportedOperationException("only picks are measured");
    }

    @Override
    public InteractionMetrics<?> metrics() {
      return metrics;
    }

    @Override
    public Object unwrap() {
      return node;
    }
  }
}
