package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyBroker;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code proxy}: the broker of a micro proxy ({@code proxy_address}, {@code micro server} by default). */
public final class ProxyBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    return new ProxyBroker(vertx, new ProxyApi(vertx, new ProxyClientOptions(config)), true, new BrokerOptions(config));
  }
}
