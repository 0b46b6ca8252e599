package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.errors.MicroException;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyBroker;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy's broker refuses reaches the subscriber as that broker's error, not as an unreachable proxy. */
class ProxyBrokerRefusalTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aDurableSubscriptionThroughAProxyOverTheHttpBrokerIsRefusedWith501() {
    Registry registry = Registry.memory(vertx);
    Broker http = Broker.http(vertx, Registry.cached(vertx, registry, new CacheOptions()),
      new BrokerOptions().setAddress("127.0.0.1:0"), 4 * 1024 * 1024);
    Await.result(http.connect());
    ProxyVerticle proxy = new ProxyVerticle(registry, TestServices.client(vertx, registry), http,
      new ProxyOptions().setAddress("127.0.0.1:0"));
    Await.result(vertx.deployVerticle(proxy));
    Broker viaProxy = new ProxyBroker(vertx, new ProxyApi(vertx, new ProxyClientOptions()
      .setAddress("127.0.0.1:" + proxy.port())), true, new BrokerOptions());

    Throwable refused = Await.failure(viaProxy.subscribe("orders", e -> Future.succeededFuture(),
      new SubscribeOptions().setDurable("billing")));
    assertThat(refused).isInstanceOf(MicroException.class);
    assertThat(((MicroException) refused).code()).isEqualTo(501);
    assertThat(((MicroException) refused).detail()).contains("no durable subscriptions");
    Await.result(viaProxy.disconnect());
    Await.result(http.disconnect());
  }
}
