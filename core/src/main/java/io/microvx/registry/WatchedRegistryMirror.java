package io.microvx.registry;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The mirror as concurrent maps updated one service at a time, so readers on any event loop take no lock
 * and a change costs the same with 10 or 10 000 services (a snapshot copied per change made registering
 * n services cost n²). Each service's versions are an immutable list. Each watch event re-reads the service it names (a delete event alone does not say whether other nodes
 * remain); a newer read of a name always wins over an older one still in flight. A broken watch is
 * re-established and everything re-read.
 */
final class WatchedRegistryMirror implements RegistryMirror {

  private static final Logger log = LoggerFactory.getLogger(WatchedRegistryMirror.class);
  private static final long REWATCH_MS = 1000;

  private final Vertx vertx;
  private final Registry registry;
  private final Map<String, Long> generations = new HashMap<>();
  private final Map<String, List<Service>> services = new ConcurrentSkipListMap<>();
  private final Map<String, List<Service>> servicesView = Collections.unmodifiableMap(services);
  private final Map<String, Long> revisions = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private Watcher watcher;

  private record Listener(Context context, Handler<String> handler) {
  }

  WatchedRegistryMirror(Vertx vertx, Registry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public Future<Void> start() {
    return registry.watch(new WatchOptions(), event -> refresh(event.service().name()))
      .compose(w -> {
        watcher = w;
        w.closed().onComplete(ar -> {
          if (!closed) {
            log.warn("registry watch ended{}, re-listing in {} ms",
              ar.failed() ? " (" + ar.cause().getMessage() + ")" : "", REWATCH_MS);
            vertx.setTimer(REWATCH_MS, id -> restart());
          }
        });
        return registry.listServices();
      })
      .compose(listed -> {
        List<Future<Void>> reads = new ArrayList<>();
        Set<String> names = listed.stream().map(Service::name).collect(Collectors.toSet());
        names.forEach(name -> reads.add(refresh(name)));
        // names listed before but gone now (after a broken watch) are read too, so they leave the mirror
        services.keySet().stream().filter(name -> !names.contains(name)).toList()
          .forEach(name -> reads.add(refresh(name)));
        return Future.join(reads).<Void>mapEmpty().recover(e -> Future.succeededFuture());
      });
  }

  private void restart() {
    if (closed) {
      return;
    }
    start().onFailure(e -> {
      log.warn("registry unreachable ({}), retrying in {} ms", e.getMessage(), REWATCH_MS);
      vertx.setTimer(REWATCH_MS, id -> restart());
    });
  }

  private Future<Void> refresh(String name) {
    long generation;
    synchronized (this) {
      generation = generations.merge(name, 1L, Long::sum);
    }
    return registry.getService(name).map(versions -> {
      apply(name, generation, versions);
      return (Void) null;
    }).onFailure(e -> log.warn("cannot read service {} from the registry: {}", name, e.getMessage()));
  }

  private void apply(String name, long generation, List<Service> versions) {
    synchronized (this) {
      if (generations.getOrDefault(name, 0L) != generation) {
        return;
      }
      List<Service> live = versions.stream().filter(v -> !v.nodes().isEmpty()).toList();
      List<Service> before = services.get(name);
      if (live.equals(before == null ? List.of() : before)) {
        return;
      }
      if (live.isEmpty()) {
        services.remove(name);
      } else {
        services.put(name, live);
      }
      revisions.merge(name, 1L, Long::sum);
    }
    for (Listener listener : listeners) {
      listener.context.runOnContext(v -> listener.handler.handle(name));
    }
  }

  @Override
  public Map<String, List<Service>> services() {
    return servicesView;
  }

  @Override
  public List<Service> service(String name) {
    return services.getOrDefault(name, List.of());
  }

  @Override
  public long revision(String name) {
    return revisions.getOrDefault(name, 0L);
  }

  @Override
  public String registryName() {
    return registry.name();
  }

  @Override
  public Runnable onChange(Handler<String> handler) {
    Listener listener = new Listener(vertx.getOrCreateContext(), handler);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public Future<Void> close() {
    closed = true;
    listeners.clear();
    Watcher current = watcher;
    return current == null ? Future.succeededFuture() : current.stop();
  }
}
