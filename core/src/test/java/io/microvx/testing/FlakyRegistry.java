package io.microvx.testing;

import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A registry that can be taken down: while down every call fails and running watches break, as when a
 * registry server goes away; brought back up it answers from the registry it wraps again. It can also be
 * slow, as a remote one is: watches held back start only when released (missing what changed before),
 * and lookups held back read at once but answer only when released.
 */
public final class FlakyRegistry implements Registry {

  private final Registry delegate;
  private final Set<Promise<Void>> watches = ConcurrentHashMap.newKeySet();
  private final Set<Handler<WatchEvent>> watchers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile Promise<Void> watchesHeld;
  private volatile Promise<Void> lookupsHeld;
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

  /** Holds back the watches asked for from now on: none starts until {@link #releaseWatches()}. */
  public void holdWatches() {
    watchesHeld = Promise.promise();
  }

  /** Starts the held watches, each on the context that asked for it. */
  public void releaseWatches() {
    Promise<Void> held = watchesHeld;
    watchesHeld = null; // first: what the released ones start is not held again
    release(held);
  }

  /** Holds back the answers of lookups from now on: each reads at once, answers on {@link #releaseLookups()}. */
  public void holdLookups() {
    lookupsHeld = Promise.promise();
  }

  public void releaseLookups() {
    Promise<Void> held = lookupsHeld;
    lookupsHeld = null;
    release(held);
  }

  private static void release(Promise<Void> held) {
    if (held != null) {
      held.complete();
    }
  }

  /** What {@code then} gives, once {@code held} (if any) is released, on the context of the caller. */
  private static <T> Future<T> after(Promise<Void> held, Supplier<Future<T>> then) {
    if (held == null) {
      return then.get();
    }
    Context caller = Vertx.currentContext();
    Promise<T> result = Promise.promise();
    held.future().onComplete(v -> {
      if (caller == null) {
        then.get().onComplete(result);
      } else {
        caller.runOnContext(x -> then.get().onComplete(result));
      }
    });
    return result.future();
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
    Future<List<Service>> read = down ? unreachable() : delegate.getService(name);
    return after(lookupsHeld, () -> read);
  }

  @Override
  public Future<List<Service>> listServices() {
    return down ? unreachable() : delegate.listServices();
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    return after(watchesHeld, () -> startWatch(options, handler));
  }

  private Future<Watcher> startWatch(WatchOptions options, Handler<WatchEvent> handler) {
    if (down) {
      return unreachable();
    }
    Promise<Void> broken = Promise.promise();
    watches.add(broken);
    watchers.add(handler);
    broken.future().onComplete(ar -> watchers.remove(handler));
    return delegate.watch(options, event -> {
      // a broken watch stays broken: what changed meanwhile is for the next watch to read
      if (!down && !broken.future().isComplete()) {
        handler.handle(event);
      }
    }).map(inner -> {
      inner.closed().onComplete(ar -> broken.tryComplete());
      broken.future().onComplete(ar -> inner.stop());
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
