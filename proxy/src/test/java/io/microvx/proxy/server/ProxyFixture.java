package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.client.Client;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.RegistryContract;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;

/** A proxy over an in-memory registry (unless given another) and broker, as micro server runs it, on a free loopback port. */
final class ProxyFixture {

  final Registry registry;
  final Broker broker;
  final Client client;
  final String address;
  ProxyVerticle proxy;
  private final Vertx vertx;
  private final ProxyOptions options;
  private String deployment;

  ProxyFixture(Vertx vertx, ProxyOptions options, BrokerOptions brokerOptions) {
    this(vertx, Registry.memory(vertx), options, brokerOptions);
  }

  /** A proxy over the given registry. */
  ProxyFixture(Vertx vertx, Registry registry, ProxyOptions options, BrokerOptions brokerOptions) {
    this.vertx = vertx;
    this.registry = registry;
    broker = Broker.memory(vertx, brokerOptions);
    client = TestServices.client(vertx, registry);
    proxy = new ProxyVerticle(registry, client, broker, options);
    deployment = Await.result(vertx.deployVerticle(proxy));
    address = "127.0.0.1:" + proxy.port();
    // a restart listens where the first one did
    this.options = new ProxyOptions(options).setAddress(Node.address(options.host(), proxy.port()));
  }

  ProxyFixture(Vertx vertx) {
    this(vertx, new ProxyOptions().setAddress("127.0.0.1:0"), new BrokerOptions());
  }

  ProxyApi api(Vertx vertx) {
    return new ProxyApi(vertx, new ProxyClientOptions().setAddress(address));
  }

  /** Stops the proxy, as when micro server goes away; its registry and broker keep what they hold. */
  void stop() {
    Await.result(vertx.undeploy(deployment));
  }

  /** Starts a proxy again on the same port, over the same registry, client and broker. */
  void restart() {
    proxy = new ProxyVerticle(registry, client, broker, options);
    deployment = Await.result(vertx.deployVerticle(proxy));
  }

  /** Forgets every registration, as a micro server restarted without its data would have. */
  void wipe() {
    for (Service listed : Await.result(registry.listServices())) {
      for (Service version : Await.result(registry.getService(listed.name()))) {
        Await.result(registry.deregister(version));
      }
    }
  }

  /**
   * The proxy as a registry's backend a test takes down and brings back: {@link #stop()}, then {@link #restart()}
   * (after {@link #wipe()} when it comes back empty).
   */
  RegistryContract.Backend outage() {
    return new RegistryContract.Backend() {
      @Override
      public void takeDown() {
        stop();
      }

      @Override
      public void bringBack() {
        restart();
      }

      @Override
      public void bringBackEmpty() {
        wipe();
        restart();
      }
    };
  }
}
