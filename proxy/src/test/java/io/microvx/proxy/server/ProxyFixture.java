package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.client.Client;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;

/** A proxy over an in-memory registry and broker, as micro server runs it, on a free loopback port. */
final class ProxyFixture {

  final Registry registry;
  final Broker broker;
  final Client client;
  final ProxyVerticle proxy;
  final String address;

  ProxyFixture(Vertx vertx, ProxyOptions options, BrokerOptions brokerOptions) {
    registry = Registry.memory(vertx);
    broker = Broker.memory(vertx, brokerOptions);
    client = TestServices.client(vertx, registry);
    proxy = new ProxyVerticle(registry, client, broker, options);
    Await.result(vertx.deployVerticle(proxy));
    address = "127.0.0.1:" + proxy.port();
  }

  ProxyFixture(Vertx vertx) {
    this(vertx, new ProxyOptions().setAddress("127.0.0.1:0"), new BrokerOptions());
  }

  ProxyApi api(Vertx vertx) {
    return new ProxyApi(vertx, new ProxyClientOptions().setAddress(address));
  }
}
