package io.microvx.plugin;

import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Makes a transport plugin by name ({@code MICRO_TRANSPORT}), listed in {@code META-INF/services}. */
public interface TransportProvider {

  String name();

  default Set<String> aliases() {
    return Set.of();
  }

  Transport create(Vertx vertx, JsonObject config);
}
