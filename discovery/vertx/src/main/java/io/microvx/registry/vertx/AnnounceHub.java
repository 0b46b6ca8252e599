package io.microvx.registry.vertx;

import io.vertx.core.Closeable;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * One consumer of the announce address per Vert.x instance, fanning the announcements out to the
 * watches of every registry of that instance. It lives as long as the Vert.x instance, on purpose: a
 * member's event-bus registrations reach the other members' routing a moment after they complete, so a
 * consumer registered per watch could miss a change published elsewhere right after {@code watch()}
 * completed. With one long-lived consumer, only the very first watch of a process has that window.
 */
final class AnnounceHub extends VerticleBase {

  private static final Map<Vertx, Map<String, Future<AnnounceHub>>> HUBS = new WeakHashMap<>();

  private final String address;
  private final List<Handler<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> consumer;

  private AnnounceHub(String address) {
    this.address = address;
  }

  /** The hub of that Vert.x instance for that address, deployed once; completes when its consumer is registered cluster-wide. */
  static Future<AnnounceHub> of(Vertx vertx, String address) {
    synchronized (HUBS) {
      Map<String, Future<AnnounceHub>> hubs = HUBS.get(vertx);
      if (hubs == null) {
        hubs = new ConcurrentHashMap<>();
        HUBS.put(vertx, hubs);
        // forgotten when the instance closes (the deployment goes with it)
        ((VertxInternal) vertx).addCloseHook(new Closeable() {
          @Override
          public void close(Completable<Void> completion) {
            synchronized (HUBS) {
              HUBS.remove(vertx);
            }
            completion.succeed();
          }
        });
      }
      return hubs.computeIfAbsent(address, a -> {
        AnnounceHub hub = new AnnounceHub(a);
        Future<AnnounceHub> deployed = vertx.deployVerticle(hub).map(id -> hub);
        deployed.onFailure(failure -> {
          synchronized (HUBS) {
            Map<String, Future<AnnounceHub>> current = HUBS.get(vertx);
            if (current != null) {
              current.remove(a);
            }
          }
        });
        return deployed;
      });
    }
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(address, message -> {
      for (Handler<JsonObject> listener : listeners) {
        listener.handle(message.body());
      }
    });
    return consumer.completion();
  }

  /** Adds a listener; it gets every announcement from now on, in order, on the hub's context. */
  void add(Handler<JsonObject> listener) {
    listeners.add(listener);
  }

  void remove(Handler<JsonObject> listener) {
    listeners.remove(listener);
  }
}
