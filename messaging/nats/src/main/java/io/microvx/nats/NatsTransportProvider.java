package io.microvx.nats;

import io.microvx.plugin.TransportProvider;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code nats}: RPC over NATS request-reply ({@code MICRO_TRANSPORT=nats}). The servers come from
 * {@code transport_address}, else {@code nats_address}, else the NATS broker's {@code broker_address}.
 */
public final class NatsTransportProvider implements TransportProvider {

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public Transport create(Vertx vertx, JsonObject config) {
    JsonObject effective = config;
    String broker = config.getString("broker_address");
    if (config.getString("transport_address") == null && config.getString("nats_address") == null
      && "nats".equals(config.getString("broker")) && broker != null) {
      effective = config.copy().put("nats_address", broker); // the NATS the broker uses, when only it is named
    }
    return NatsTransport.create(vertx, new NatsOptions(effective, "transport_address"));
  }
}
