package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index, as an immutable snapshot swapped on every change (readers on any event loop take no lock).
 * Each watch event re-reads the service it names, since a delete event alone does not say whether other
 * nodes remain; a newer read of a name always wins over an older one still in flight.
 */
final class WatchedServiceIndex implements ServiceIndex {

  private static final Logger log = LoggerFactory.getLogger(WatchedServiceIndex.class);
  private static final long REWATCH_MS = 1000;

  private final Vertx vertx;
  private final Registry registry;
  private final Map<String, Long> generations = new HashMap<>();
  private final Map<String, Map<String, Endpoint>> services = new HashMap<>();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
  private volatile boolean closed;
  private Watcher watcher;

  private record Snapshot(Map<String, Map<String, Endpoint>> services, List<MetadataRoute> routes) {
  }

  WatchedServiceIndex(Vertx vertx, Registry registry) {
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
        listed.stream().map(Service::name).distinct().forEach(name -> reads.add(refresh(name)));
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

  /** Re-reads one service and folds it in, unless a newer read of it started meanwhile. */
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

  private synchronized void apply(String name, long generation, List<Service> versions) {
    if (generations.getOrDefault(name, 0L) != generation) {
      return;
    }
    boolean hasNodes = versions.stream().anyMatch(v -> !v.nodes().isEmpty());
    if (!hasNodes) {
      services.remove(name);
    } else {
      Map<String, Endpoint> endpoints = new LinkedHashMap<>();
      for (Service version : versions) {
        for (Endpoint endpoint : version.endpoints()) {
          endpoints.putIfAbsent(endpoint.name(), endpoint);
        }
      }
      services.put(name, Map.copyOf(endpoints));
    }
    publish();
  }

  private void publish() {
    List<MetadataRoute> routes = new ArrayList<>();
    services.forEach((service, endpoints) -> endpoints.values().forEach(endpoint -> {
      MetadataRoute route = MetadataRoute.of(service, endpoint);
      if (route != null) {
        routes.add(route);
      }
    }));
    routes.sort(Comparator.comparing(MetadataRoute::service).thenComparing(MetadataRoute::endpoint));
    snapshot = new Snapshot(Map.copyOf(services), List.copyOf(routes));
  }

  @Override
  public boolean contains(String service) {
    return snapshot.services.containsKey(service);
  }

  @Override
  public Endpoint endpoint(String service, String endpoint) {
    Map<String, Endpoint> endpoints = snapshot.services.get(service);
    return endpoints == null ? null : endpoints.get(endpoint);
  }

  @Override
  public List<MetadataRoute> routes() {
    return snapshot.routes;
  }

  @Override
  public Future<Void> close() {
    closed = true;
    Watcher current = watcher;
    return current == null ? Future.succeededFuture() : current.stop();
  }
}
