package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;

/** {@link Resolver#micro}. */
final class MicroResolver implements Resolver {

  private final ServiceIndex index;
  private final String namespacePrefix;
  private final String namespace;
  private final Route.Kind kind;
  private final String eventPrefix;

  MicroResolver(ServiceIndex index, String namespace, String handler, String eventPrefix) {
    this.index = index;
    this.namespace = namespace;
    this.namespacePrefix = namespace.isEmpty() ? "" : namespace + ".";
    Route.Kind chosen = Route.Kind.of(handler);
    if (chosen == null) {
      throw new IllegalArgumentException("unknown handler " + handler);
    }
    this.kind = chosen;
    this.eventPrefix = eventPrefix == null ? "" : eventPrefix;
  }

  @Override
  public Route resolve(String method, String host, String path) {
    for (MetadataRoute declared : index.routes()) {
      if (declared.matches(method, host, path)) {
        return new Route(declared.kind(), declared.service(), declared.endpoint(), path, declared.stream(),
          declared.auth(), declared.service() + "/" + declared.endpoint());
      }
    }
    if (!eventPrefix.isEmpty() && (path.equals(eventPrefix) || path.startsWith(eventPrefix + "/"))) {
      return event(path.substring(eventPrefix.length()));
    }
    return switch (kind) {
      case RPC, API -> rpc(path);
      case HTTP, WEB -> proxy(path);
      case EVENT -> event(path);
    };
  }

  private Route rpc(String path) {
    MicroPaths.Target target = MicroPaths.rpc(path);
    if (target == null) {
      return null;
    }
    String service = registered(target.service());
    if (service == null) {
      return null;
    }
    Endpoint endpoint = index.endpoint(service, target.endpoint());
    boolean stream = endpoint != null && "true".equalsIgnoreCase(endpoint.metadata().get("stream"));
    boolean auth = endpoint != null && "true".equalsIgnoreCase(endpoint.metadata().get("auth"));
    String label = service + "/" + (endpoint != null ? endpoint.name() : "*");
    return new Route(kind, service, target.endpoint(), path, stream, auth, label);
  }

  private Route proxy(String path) {
    String name = MicroPaths.proxyService(path);
    String service = name == null ? null : registered(name);
    return service == null ? null : new Route(kind, service, null, path, false, false, service);
  }

  private Route event(String path) {
    MicroPaths.Target target = MicroPaths.event(namespace, path);
    // topics come from the path: the metrics label stays fixed so random paths cannot grow it
    return new Route(Route.Kind.EVENT, target.service(), target.endpoint(), path, false, false, "event");
  }

  /** The namespaced name when registered, else the bare name when registered, else null. */
  private String registered(String name) {
    if (!namespacePrefix.isEmpty()) {
      String namespaced = namespacePrefix + name;
      if (index.contains(namespaced)) {
        return namespaced;
      }
    }
    return index.contains(name) ? name : null;
  }
}
