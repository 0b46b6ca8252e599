package io.microvx.server;

import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server registers again as soon as the registry loses its node, not at the next renewal: every server
 * here renews only once an hour, so only the watch can bring the node back.
 */
class RegistrationTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private MicroService greeter(Registry registry, boolean watch) {
    return TestServices.start(vertx, registry, "greeter", b -> b.handler(new Greeting.Say())
      .set("register_interval", "1h").set("register_watch", watch));
  }

  @Test
  void aNodeTheRegistryDropsIsRegisteredAgainAtOnce() {
    Registry registry = Registry.memory(vertx);
    MicroService greeter = greeter(registry, true);
    Service registered = greeter.server().service();

    long dropped = System.nanoTime();
    Await.result(registry.deregister(registered));
    Await.until("the greeter's node to be back", () -> nodes(registry) == 1);
    System.out.printf("node back %d ms after it was dropped%n", (System.nanoTime() - dropped) / 1_000_000);
    // counted once the registry has answered, a moment after the node is visible
    Await.until("the re-registration to be counted", () -> greeter.server().stats().reregistrations() > 0);
    assertThat(greeter.server().stats().reregistrations()).isEqualTo(1);
  }

  @Test
  void aRegistryThatComesBackEmptyHasTheNodeAgain() {
    Outage registry = new Outage(vertx);
    MicroService greeter = greeter(registry, true);
    Await.until("the server to watch its service", () -> registry.serviceWatchers() == 1);

    registry.fail(); // the watch breaks; watching again fails while the registry is away
    Await.until("the server to try watching again while the registry is away", () -> registry.refused.get() >= 2);
    long returned = System.nanoTime();
    registry.returnEmpty();
    Await.until("the greeter's node to be back", () -> nodes(registry) == 1);
    System.out.printf("node back %d ms after the registry returned empty%n", (System.nanoTime() - returned) / 1_000_000);
    Await.until("the re-registration to be counted", () -> greeter.server().stats().reregistrations() > 0);
  }

  @Test
  void withoutRegisterWatchTheServerDoesNotWatch() {
    Outage registry = new Outage(vertx);
    MicroService greeter = greeter(registry, false);
    assertThat(nodes(registry)).isEqualTo(1);
    assertThat(registry.watchCalls.get()).isZero();
    assertThat(greeter.server().stats().reregistrations()).isZero();
  }

  @Test
  void aStoppedServerIsNotRegisteredAgainByItsOwnDeregistration() {
    Registry registry = Registry.memory(vertx);
    MicroService greeter = greeter(registry, true);
    Await.result(greeter.stop());
    // the registry tells watchers in order: once another service's delete is seen, the greeter's was too
    Promise<Void> seen = Promise.promise();
    Watcher marker = Await.result(registry.watch(new WatchOptions().setService("marker"), event -> {
      if (event.action() == WatchEvent.Action.DELETE) {
        seen.tryComplete();
      }
    }));
    Service other = new Service("marker", "1", java.util.Map.of(), List.of(),
      List.of(new io.microvx.registry.Node("marker-1", "127.0.0.1:1", java.util.Map.of())));
    Await.result(registry.register(other, new RegisterOptions()).compose(v -> registry.deregister(other)));
    Await.result(seen.future());
    Await.result(marker.stop());
    assertThat(nodes(registry)).isZero();
    assertThat(greeter.server().stats().reregistrations()).isZero();
  }

  private static int nodes(Registry registry) {
    return Await.result(registry.getService("greeter")).stream().mapToInt(s -> s.nodes().size()).sum();
  }

  /**
   * A registry that goes away and comes back empty, as a restarted registry server does: while away every
   * call fails and open watches end with a failure; on its return its store is new.
   */
  static final class Outage implements Registry {
    private final Vertx vertx;
    private volatile Registry store;
    private volatile boolean away;
    final List<OutageWatcher> watchers = new CopyOnWriteArrayList<>();
    final AtomicInteger watchCalls = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    Outage(Vertx vertx) {
      this.vertx = vertx;
      this.store = Registry.memory(vertx);
    }

    void fail() {
      away = true;
      watchers.forEach(w -> {
        w.inner.stop();
        w.closed.tryFail("connection reset");
      });
      watchers.clear();
    }

    /** Watches of one service (the server's own), not the cache's watch of everything. */
    long serviceWatchers() {
      return watchers.stream().filter(w -> w.service != null).count();
    }

    void returnEmpty() {
      store = Registry.memory(vertx);
      away = false;
    }

    private <T> Future<T> whenUp(java.util.function.Supplier<Future<T>> call) {
      return away ? Future.failedFuture("connection refused") : call.get();
    }

    @Override
    public String name() {
      return "outage";
    }

    @Override
    public Future<Void> register(Service service, RegisterOptions options) {
      return whenUp(() -> store.register(service, options));
    }

    @Override
    public Future<Void> deregister(Service service) {
      return whenUp(() -> store.deregister(service));
    }

    @Override
    public Future<List<Service>> getService(String name) {
      return whenUp(() -> store.getService(name));
    }

    @Override
    public Future<List<Service>> listServices() {
      return whenUp(() -> store.listServices());
    }

    @Override
    public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
      if (options.getService() != null) {
        watchCalls.incrementAndGet();
      }
      if (away) {
        if (options.getService() != null) {
          refused.incrementAndGet();
        }
        return Future.failedFuture("connection refused");
      }
      return store.watch(options, handler).map(inner -> {
        OutageWatcher w = new OutageWatcher(inner, options.getService());
        watchers.add(w);
        return w;
      });
    }

    @Override
    public Future<Void> close() {
      return store.close();
    }
  }

  static final class OutageWatcher implements Watcher {
    final Watcher inner;
    final String service;
    final Promise<Void> closed = Promise.promise();

    OutageWatcher(Watcher inner, String service) {
      this.inner = inner;
      this.service = service;
      inner.closed().onComplete(ar -> closed.tryComplete());
    }

    @Override
    public Future<Void> stop() {
      return inner.stop().onComplete(ar -> closed.tryComplete());
    }

    @Override
    public Future<Void> closed() {
      return closed.future();
    }
  }
}
