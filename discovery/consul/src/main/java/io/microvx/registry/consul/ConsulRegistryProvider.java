package io.microvx.registry.consul;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code consul}: go-micro's Consul registry (agent services with TTL checks, tags carrying the model),
 * over the agent's HTTP API. Options: {@link ConsulRegistryOptions}.
 */
public final class ConsulRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "consul";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return registry(vertx, new ConsulRegistryOptions(config));
  }

  /** A Consul registry with these options, as {@code MICRO_REGISTRY=consul} makes one. */
  public static Registry registry(Vertx vertx, ConsulRegistryOptions options) {
    return new ConsulRegistry(vertx, new ConsulRegistryOptions(options));
  }
}
