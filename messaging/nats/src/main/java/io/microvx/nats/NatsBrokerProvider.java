package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.plugin.BrokerProvider;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code nats}: the NATS broker ({@code MICRO_BROKER=nats}, {@code MICRO_BROKER_ADDRESS=nats://host:4222}). */
public final class NatsBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    return NatsBroker.create(vertx, new NatsOptions(config, "broker_address"), new BrokerOptions(config));
  }
}
