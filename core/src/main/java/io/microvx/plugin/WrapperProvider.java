package io.microvx.plugin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Makes the wrappers a plugin puts around every service, gateway and broker of a process (tracing, for
 * one), listed in {@code META-INF/services/io.microvx.plugin.WrapperProvider}. Unlike the other kinds,
 * every wrapper plugin on the class path is used: each reads its own options and answers
 * {@link ServiceWrappers#NONE} when it is not configured, so having the jar costs nothing.
 */
public interface WrapperProvider {

  String name();

  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * The wrappers for one service (or gateway), configured from the flat options ({@code server_name} and
   * the plugin's own keys); {@link ServiceWrappers#NONE} when the plugin is off. Called off the event loop.
   */
  ServiceWrappers create(Vertx vertx, JsonObject config);
}
