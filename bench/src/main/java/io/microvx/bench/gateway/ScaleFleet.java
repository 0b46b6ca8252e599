package io.microvx.bench.gateway;

import io.microvx.plugin.ProxyRegistryProvider;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scale scenario's registry load, from the runner: services of 3 nodes each registered through micro
 * server's proxy (nodes at an address nothing listens on: nobody calls them), and watchers of the registry,
 * each a WebSocket of its own, that report when a given service reached every one of them.
 */
final class ScaleFleet implements AutoCloseable {

  static final int NODES = 3;
  /** Registrations in flight at once. */
  private static final int IN_FLIGHT = 64;
  private static final Duration TTL = Duration.ofHours(1);

  private final Vertx vertx = Vertx.vertx();
  private final String proxy;
  private final Registry registry;
  /** Every watcher's client: one, as one service's would be, each watch a WebSocket of its own. */
  private final Registry watchClient;
  private final List<Watcher> watchers = new ArrayList<>();
  private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
  private int registered;

  /** When a service reached how many watchers; {@code done} once it reached all of them. */
  private record Arrival(AtomicInteger seen, int of, CompletableFuture<Long> done) {
  }

  ScaleFleet(String proxy) {
    this.proxy = proxy;
    this.registry = client();
    this.watchClient = client();
  }

  private Registry client() {
    return new ProxyRegistryProvider().create(vertx, new JsonObject().put("proxy_address", proxy));
  }

  /** Services registered so far. */
  int registered() {
    return registered;
  }

  /** Registers services until {@code total} are; returns how long that took, in ms. */
  double growTo(int total) throws Exception {
    long begin = System.nanoTime();
    List<Future<Void>> window = new ArrayList<>();
    while (registered < total) {
      window.add(registry.register(service("scale-" + registered, NODES), new RegisterOptions().setTtl(TTL)));
      registered++;
      if (window.size() == IN_FLIGHT) {
        await(Future.all(window), Duration.ofSeconds(60));
        window.clear();
      }
    }
    await(Future.all(window), Duration.ofSeconds(60));
    return (System.nanoTime() - begin) / 1e6;
  }

  private static Service service(String name, int nodes) {
    List<Node> list = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      // nothing listens on port 1: no caller is ever sent there by this scenario
      list.add(new Node(name + "-" + i, "127.0.0.1:1", Map.of("transport", "http", "protocol", "mucp")));
    }
    return new Service(name, "1.0.0", Map.of(), List.of(new Endpoint("Scale.Call", null, null, Map.of())), list);
  }

  /** Opens {@code count} watches of the whole registry, each on a WebSocket of its own. */
  void watch(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      watchers.add(await(watchClient.watch(new WatchOptions(), event -> {
        Arrival arrival = arrivals.get(event.service().name());
        if (arrival != null && arrival.seen().incrementAndGet() == arrival.of()) {
          arrival.done().complete(System.nanoTime());
        }
      }), Duration.ofSeconds(30)));
    }
  }

  /** Stops every watch: a registration sent to 1 000 watchers costs the runner and the server ~25 ms, so the
   *  fleet grows without them and opens them only to measure the fan-out. */
  void unwatch() throws Exception {
    await(Future.all(watchers.stream().map(Watcher::stop).toList()), Duration.ofSeconds(30));
    watchers.clear();
  }

  /** Registers one more service and returns the ms until every watcher had its event. */
  double fanOut(String name) throws Exception {
    Arrival arrival = new Arrival(new AtomicInteger(), watchers.size(), new CompletableFuture<>());
    arrivals.put(name, arrival);
    long begin = System.nanoTime();
    await(registry.register(service(name, 1), new RegisterOptions().setTtl(TTL)), Duration.ofSeconds(30));
    long reached = arrival.done().get(60, TimeUnit.SECONDS);
    arrivals.remove(name);
    await(registry.deregister(service(name, 1)), Duration.ofSeconds(30));
    return (reached - begin) / 1e6;
  }

  @Override
  public void close() throws Exception {
    await(vertx.close(), Duration.ofSeconds(30));
  }

  private static <T> T await(Future<T> future, Duration timeout) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
