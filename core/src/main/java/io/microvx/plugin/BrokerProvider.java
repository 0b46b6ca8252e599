package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Makes a broker plugin by name ({@code MICRO_BROKER}, {@code --broker}), listed in
 * {@code META-INF/services/io.microvx.plugin.BrokerProvider}. Brokers that find subscribers through
 * discovery (the http broker) get the service's registry cache.
 */
public interface BrokerProvider {

  String name();

  default Set<String> aliases() {
    return Set.of();
  }

  /** The broker, configured from the flat options ({@code broker_address} and its own keys). */
  Broker create(Vertx vertx, CachingRegistry registry, JsonObject config);
}
