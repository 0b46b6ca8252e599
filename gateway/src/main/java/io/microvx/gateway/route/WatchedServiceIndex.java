package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;
import io.microvx.registry.RegistryMirror;
import io.microvx.registry.Service;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index over a {@link RegistryMirror}: endpoints by service and the metadata routes, rebuilt as an
 * immutable snapshot whenever the mirror changes (readers on any event loop take no lock).
 */
final class WatchedServiceIndex implements ServiceIndex {

  private final RegistryMirror mirror;
  private final String routePrefix;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
  private Runnable stopListening;

  private record Snapshot(Map<String, Map<String, Endpoint>> services, List<MetadataRoute> routes) {
  }

  /** @param routeNamespace only services under it may declare routes; empty: any service */
  WatchedServiceIndex(RegistryMirror mirror, String routeNamespace) {
    this.mirror = mirror;
    this.routePrefix = routeNamespace.isEmpty() ? "" : routeNamespace + ".";
  }

  @Override
  public Future<Void> start() {
    stopListening = mirror.onChange(name -> rebuild());
    return mirror.start().onSuccess(v -> rebuild());
  }

  private synchronized void rebuild() {
    Map<String, Map<String, Endpoint>> services = new HashMap<>();
    List<MetadataRoute> routes = new ArrayList<>();
    mirror.services().forEach((name, versions) -> {
      Map<String, Endpoint> endpoints = new LinkedHashMap<>();
      for (Service version : versions) {
        for (Endpoint endpoint : version.endpoints()) {
          endpoints.putIfAbsent(endpoint.name(), endpoint);
        }
      }
      services.put(name, Map.copyOf(endpoints));
      if (!name.startsWith(routePrefix)) {
        return; // a service outside the route namespace cannot take over paths
      }
      endpoints.values().forEach(endpoint -> {
        MetadataRoute route = MetadataRoute.of(name, endpoint);
        if (route != null) {
          routes.add(route);
        }
      });
    });
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
    if (stopListening != null) {
      stopListening.run();
    }
    return mirror.close();
  }
}
