package io.microvx.server;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server's place in the registry: registered at start, renewed every {@code register_interval}, and —
 * with {@code register_watch} — registered again at once when the registry loses it. The server watches
 * its own service: a delete of its node (a wiped store, a lapsed TTL) or a watch that breaks and comes
 * back (a restarted registry, which may have come back empty) brings the node back within about a
 * second of the registry answering again, instead of at the next renewal.
 */
final class Registration {

  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  /** First and longest wait before watching again after the watch broke: the registry's return is seen within it. */
  static final long REWATCH_MIN_MS = 250;
  static final long REWATCH_MAX_MS = 1_000;

  private final Vertx vertx;
  private final Registry registry;
  private final Service service;
  private final ServerOptions options;
  private final Context context;
  private final AtomicLong reregistrations = new AtomicLong();
  private long renewTimer = -1;
  private long rewatchDelayMs = REWATCH_MIN_MS;
  private volatile boolean stopped;
  private volatile Watcher watcher;
  private boolean registering;
  private boolean again;

  Registration(Vertx vertx, Registry registry, Service service, ServerOptions options) {
    this.vertx = vertx;
    this.registry = registry;
    this.service = service;
    this.options = options;
    this.context = vertx.getOrCreateContext();
  }

  /** Registers once; renewal and the watch start after that succeeded. */
  Future<Void> start() {
    return register().onSuccess(v -> {
      scheduleRenewal();
      if (options.isRegisterWatch()) {
        watch(false);
      }
    });
  }

  /** Times the node was registered again because the registry had lost it. */
  long reregistrations() {
    return reregistrations.get();
  }

  private Future<Void> register() {
    return registry.register(service, new RegisterOptions().setTtl(options.getRegisterTtl()));
  }

  /** Stops renewing and watching; deregistering is the server's. */
  Future<Void> stop() {
    stopped = true;
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    Watcher w = watcher;
    return w == null ? Future.succeededFuture() : w.stop().recover(err -> Future.succeededFuture());
  }

  private void scheduleRenewal() {
    Duration interval = options.getRegisterInterval();
    if (interval.isZero()) {
      return;
    }
    renewTimer = vertx.setPeriodic(interval.toMillis(), id -> {
      if (!stopped) {
        register().onFailure(err -> log.warn("{}: renewing the registration failed, retrying in {}: {}",
          service.name(), interval, err.getMessage()));
      }
    });
  }

  private void watch(boolean returning) {
    if (stopped) {
      return;
    }
    registry.watch(new WatchOptions().setService(service.name()), this::onEvent).onComplete(ar -> {
      if (ar.failed()) {
        scheduleRewatch(ar.cause().getMessage());
        return;
      }
      if (stopped) {
        ar.result().stop();
        return;
      }
      watcher = ar.result();
      rewatchDelayMs = REWATCH_MIN_MS;
      if (returning) {
        reregister("the registry answers again");
      }
      ar.result().closed().onComplete(end -> {
        if (!stopped) {
          log.warn("{}: the registry watch ended ({}); the node is registered again once the registry answers",
            service.name(), end.failed() ? end.cause().getMessage() : "closed by the registry");
          scheduleRewatch(end.failed() ? end.cause().getMessage() : "it ended");
        }
      });
    });
  }

  private void scheduleRewatch(String why) {
    if (stopped) {
      return;
    }
    long delay = rewatchDelayMs;
    rewatchDelayMs = Math.min(delay * 2, REWATCH_MAX_MS);
    log.debug("{}: watching the registry failed ({}), again in {} ms", service.name(), why, delay);
    vertx.setTimer(delay, id -> context.runOnContext(v -> watch(true)));
  }

  private void onEvent(WatchEvent event) {
    if (event.action() == WatchEvent.Action.DELETE && holdsOurNode(event.service())) {
      context.runOnContext(v -> reregister("the registry dropped the node"));
    }
  }

  private boolean holdsOurNode(Service changed) {
    String ours = service.nodes().get(0).id();
    for (Node node : changed.nodes()) {
      if (node.id().equals(ours)) {
        return true;
      }
    }
    return false;
  }

  /** One registration at a time; a loss seen while one is under way is answered by one more after it. */
  private void reregister(String why) {
    if (stopped) {
      return;
    }
    if (registering) {
      again = true;
      return;
    }
    registering = true;
    register().onComplete(ar -> {
      registering = false;
      if (ar.succeeded()) {
        reregistrations.incrementAndGet();
        log.info("{}: registered node {} again ({})", service.name(), service.nodes().get(0).id(), why);
      } else {
        log.warn("{}: registering again failed ({}); renewal will retry: {}", service.name(), why,
          ar.cause().getMessage());
      }
      if (again) {
        again = false;
        reregister(why);
      }
    });
  }
}
