package io.microvx.plugin;

import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code memory}: the process-wide in-memory registry; {@code registry_address} names the store, so
 * services in one JVM share it ({@code default} unless set).
 */
public final class MemoryRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    String store = config.getString("registry_address");
    return Registry.sharedMemory(vertx, store == null || store.isBlank() ? "default" : store);
  }
}
