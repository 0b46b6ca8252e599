package io.microvx.plugin;

import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.proxy.ProxyRegistry;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code proxy}: the registry of a micro proxy — {@code micro server} at {@code 127.0.0.1:8081} unless
 * {@code proxy_address} says otherwise. The default registry.
 */
public final class ProxyRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return new ProxyRegistry(new ProxyApi(vertx, new ProxyClientOptions(config)), true);
  }
}
