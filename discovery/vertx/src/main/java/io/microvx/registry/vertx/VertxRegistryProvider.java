package io.microvx.registry.vertx;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code vertx}: the registry kept in Vert.x Service Discovery, cluster-wide when Vert.x is clustered.
 * With {@code cluster=true} and a Vert.x that is not clustered, the registry starts a clustered Vert.x of
 * its own (Hazelcast, TCP-IP join, see {@link VertxDiscoveryOptions}) and closes it with the registry.
 */
public final class VertxRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "vertx";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return registry(vertx, new VertxDiscoveryOptions(config));
  }

  /** The registry on that Vert.x (or on a clustered one of its own, as {@link VertxDiscoveryOptions#isCluster()} says). */
  public static Registry registry(Vertx vertx, VertxDiscoveryOptions options) {
    if (!vertx.isClustered() && options.isCluster()) {
      return new VertxRegistry(VertxCluster.start(options), true, options);
    }
    return new VertxRegistry(Future.succeededFuture(vertx), false, options);
  }
}
