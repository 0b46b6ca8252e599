package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.server.ServerOptions;
import io.microvx.transport.Addresses;
import io.microvx.transport.HttpTransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code http}: go-micro's http broker, the default. Without a {@code broker_address} it listens on the
 * host the server listens on ({@code server_address}), on a port of its own.
 */
public final class HttpBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    BrokerOptions options = new BrokerOptions(config);
    if (config.getString("broker_address") == null) {
      String host = Addresses.hostOf(config.getString("server_address", ServerOptions.DEFAULT_ADDRESS));
      options.setAddress(Node.address(host.isEmpty() ? "0.0.0.0" : host, 0));
    }
    return Broker.http(vertx, registry, options, new HttpTransportOptions(config).getMaxMessageSize());
  }
}
