package io.microvx.registry;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;

/** A registry kept in memory; nodes whose TTL lapsed are hidden from reads at once and dropped by a sweep (5 a second). */
final class MemoryRegistry implements Registry {

  static final long SWEEP_INTERVAL_MS = 200;

  private final Vertx vertx;
  private final MemoryStore store;
  private final long sweepTimer;

  MemoryRegistry(Vertx vertx, MemoryStore store) {
    this.vertx = vertx;
    this.store = store;
    this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> store.publish(store.sweep(System.nanoTime())));
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    return Services.validate(service).map(valid -> {
      store.publish(store.register(service, options.getTtl(), System.nanoTime()));
      return null;
    });
  }

  @Override
  public Future<Void> deregister(Service service) {
    return Services.validate(service).map(valid -> {
      store.publish(store.deregister(service));
      return null;
    });
  }

  @Override
  public Future<List<Service>> getService(String name) {
    return Future.succeededFuture(store.get(name, System.nanoTime()));
  }

  @Override
  public Future<List<Service>> listServices() {
    return Future.succeededFuture(store.list(System.nanoTime()));
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    MemoryWatcher watcher = new MemoryWatcher();
    store.subscribe(new MemoryStore.Subscription(new WatchOptions(options), vertx.getOrCreateContext(), handler, watcher));
    return Future.succeededFuture(watcher);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  final class MemoryWatcher implements Watcher {
    private final Promise<Void> closed = Promise.promise();
    private volatile boolean stopped;

    boolean isStopped() {
      return stopped;
    }

    @Override
    public Future<Void> stop() {
      stopped = true;
      store.unsubscribe(this);
      closed.tryComplete();
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> closed() {
      return closed.future();
    }
  }
}
