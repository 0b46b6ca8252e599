package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;
import io.microvx.registry.RegistryMirror;
import io.microvx.registry.Service;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index over a {@link RegistryMirror}: endpoints by service in a concurrent map (readers on any event
 * loop take no lock), updated one service per change, so a registration costs the same with 10 or 10 000
 * services. The metadata routes are an immutable list rebuilt only when a change adds or removes some.
 */
final class WatchedServiceIndex implements ServiceIndex {

  private final RegistryMirror mirror;
  private final String routePrefix;
  private final Map<String, Map<String, Endpoint>> services = new ConcurrentHashMap<>();
  private final Map<String, List<MetadataRoute>> routesByService = new ConcurrentHashMap<>();
  private volatile List<MetadataRoute> routes = List.of();
  private Runnable stopListening;

  /** @param routeNamespace only services under it may declare routes; empty: any service */
  WatchedServiceIndex(RegistryMirror mirror, String routeNamespace) {
    this.mirror = mirror;
    this.routePrefix = routeNamespace.isEmpty() ? "" : routeNamespace + ".";
  }

  @Override
  public Future<Void> start() {
    stopListening = mirror.onChange(this::update);
    return mirror.start().onSuccess(v -> {
      mirror.services().keySet().forEach(this::update);
      services.keySet().stream().filter(name -> mirror.service(name).isEmpty()).toList().forEach(this::update);
    });
  }

  private synchronized void update(String name) {
    List<Service> versions = mirror.service(name);
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (Service version : versions) {
      for (Endpoint endpoint : version.endpoints()) {
        endpoints.putIfAbsent(endpoint.name(), endpoint);
      }
    }
    Map<String, Endpoint> current = versions.isEmpty() ? null : Map.copyOf(endpoints);
    Map<String, Endpoint> previous = current == null ? services.remove(name) : services.put(name, current);
    if (current == null ? previous == null : current.equals(previous)) {
      return; // told twice (the first listing and its own change event), or a change of nodes only
    }
    List<MetadataRoute> declared = new ArrayList<>();
    if (name.startsWith(routePrefix)) { // a service outside the route namespace cannot take over paths
      endpoints.values().forEach(endpoint -> {
        MetadataRoute route = MetadataRoute.of(name, endpoint);
        if (route != null) {
          declared.add(route);
        }
      });
    }
    List<MetadataRoute> before = declared.isEmpty() ? routesByService.remove(name) : routesByService.put(name, declared);
    if (!declared.isEmpty() || before != null) {
      List<MetadataRoute> all = new ArrayList<>();
      routesByService.values().forEach(all::addAll);
      all.sort(Comparator.comparing(MetadataRoute::service).thenComparing(MetadataRoute::endpoint));
      routes = List.copyOf(all);
    }
  }

  @Override
  public boolean contains(String service) {
    return services.containsKey(service);
  }

  @Override
  public Endpoint endpoint(String service, String endpoint) {
    Map<String, Endpoint> endpoints = services.get(service);
    return endpoints == null ? null : endpoints.get(endpoint);
  }

  @Override
  public List<MetadataRoute> routes() {
    return routes;
  }

  @Override
  public Future<Void> close() {
    if (stopListening != null) {
      stopListening.run();
    }
    return mirror.close();
  }
}
