package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code memory}: the process-wide in-memory broker; {@code broker_address} names it ({@code default}). */
public final class MemoryBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    String name = config.getString("broker_address");
    return Broker.sharedMemory(vertx, name == null || name.isBlank() ? "default" : name, new BrokerOptions(config));
  }
}
