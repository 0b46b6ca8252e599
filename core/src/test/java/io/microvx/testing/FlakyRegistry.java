package io.microvx.testing;

import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry that can be taken down: while down every call fails and running watches break, as when a
 * registry server goes away; brought back up it answers from the registry it wraps again.
 */
public final class FlakyRegistry implements Registry {

  private final Registry delegate;
  private final Set<Promise<Void>> watches = ConcurrentHashMap.newKeySet();
  private final Set<Handler<WatchEvent>> watchers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile boolean down;

  public FlakyRegistry(Registry delegate) {
    this.delegate = delegate;
  }

  /** Takes the registry down: calls fail, watches break. */
  public void down() {
    down = true;
    for (Promise<Void> watch : watches) {
      watch.tryFail(new IllegalStateException("registry unreachable"));
    }
    watches.clear();
  }

  public void up() {
    down = false;
  }

  /** Sends an event to every running watch, as a registry with its own ideas of events might. */
  public void emit(WatchEvent event) {
    watchers.forEach(handler -> handler.handle(event));
  }

  /** How many getService calls reached this registry. */
  public int lookups() {
    return lookups.get();
  }

  private <T> Future<T> unreachable() {
    return Future.failedFuture(new IllegalStateException("registry unreachable"));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    return down ? unreachable() : delegate.register(service, options);
  }

  @Override
  public Future<Void> deregister(Service service) {
    return down ? unreachable() : delegate.deregister(service);
  }

  @Override
  public Future<List<Service>> getService(String name) {
    lookups.incrementAndGet();
    return down ? unreachable() : delegate.getService(name);
  }

  @Override
  public Future<List<Service>> listServices() {
    return down ? unreachable() : delegate.listServices();
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    if (down) {
      return unreachable();
    }
    Promise<Void> broken = Promise.promise();
    watches.add(broken);
    watchers.add(handler);
    broken.future().onComplete(ar -> watchers.remove(handler));
    return delegate.watch(options, event -> {
      if (!down) {
        handler.handle(event);
      }
    }).map(inner -> {
      inner.closed().onComplete(ar -> broken.tryComplete());
      return new Watcher() {
        @Override
        public Future<Void> stop() {
          watches.remove(broken);
          broken.tryComplete();
          return inner.stop();
        }

        @Override
        public Future<Void> closed() {
          return broken.future();
        }
      };
    });
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
