package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Registry;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * What the gateway knows of the registry without asking it per request: the names of the registered
 * services, their endpoints, and the routes endpoints declare in their metadata. Listed once at start,
 * then kept current by a watch. Requests for names it does not hold are answered 404 at once, so random
 * paths never reach the registry nor grow any cache.
 */
public interface ServiceIndex {

  /** Lists the registry and starts watching it. */
  Future<Void> start();

  /** Whether a service of that name is registered. */
  boolean contains(String service);

  /** The endpoint of a registered service, or null when the registry does not list it. */
  Endpoint endpoint(String service, String endpoint);

  /** The routes registered endpoints declare, in a stable order. */
  List<MetadataRoute> routes();

  /** Stops watching. */
  Future<Void> close();

  /** An index of the given registry (read directly, not through a cache, so it sees changes first). */
  static ServiceIndex watching(Vertx vertx, Registry registry) {
    return watching(vertx, registry, "");
  }

  /**
   * An index whose routes come only from services named under {@code routeNamespace}
   * ({@code go.micro.api} takes {@code go.micro.api.custom}'s; empty: every service's).
   */
  static ServiceIndex watching(Vertx vertx, Registry registry, String routeNamespace) {
    return new WatchedServiceIndex(RegistryMirror.of(vertx, registry), routeNamespace);
  }
}
