package io.microvx.plugin;

import io.microvx.transport.HttpTransportOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code http}: go-micro's HTTP transport, the default. */
public final class HttpTransportProvider implements TransportProvider {

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Transport create(Vertx vertx, JsonObject config) {
    return Transport.http(vertx, new HttpTransportOptions(config));
  }
}
