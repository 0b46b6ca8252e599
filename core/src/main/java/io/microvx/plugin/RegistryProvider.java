package io.microvx.plugin;

import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Makes a registry plugin by name. List implementations in
 * {@code META-INF/services/io.microvx.plugin.RegistryProvider}; {@code MICRO_REGISTRY=<name>} (or
 * {@code --registry}) with the jar on the class path selects it.
 */
public interface RegistryProvider {

  String name();

  /** Other names it answers to. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** The registry, configured from the flat options ({@code registry_address} and its own keys). */
  Registry create(Vertx vertx, JsonObject config);
}
