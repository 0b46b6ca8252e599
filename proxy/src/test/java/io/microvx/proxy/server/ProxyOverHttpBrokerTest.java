package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Message;
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
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy in front of go-micro's http broker ({@code micro server --broker http}): what that broker refuses
 * reaches the subscriber as its error, not as an unreachable proxy, and its asynchronous subscriptions open.
 */
class ProxyOverHttpBrokerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private Registry registry;
  private Broker http;
  private Broker viaProxy;

  /** micro server with {@code --broker http}: the proxy in front of go-micro's http broker. */
  private void proxyOverTheHttpBroker() {
    registry = Registry.memory(vertx);
    http = Broker.http(vertx, Registry.cached(vertx, registry, new CacheOptions()),
      new BrokerOptions().setAddress("127.0.0.1:0"), 4 * 1024 * 1024);
    Await.result(http.connect());
    ProxyVerticle proxy = new ProxyVerticle(registry, TestServices.client(vertx, registry), http,
      new ProxyOptions().setAddress("127.0.0.1:0"));
    Await.result(vertx.deployVerticle(proxy));
    viaProxy = new ProxyBroker(vertx, new ProxyApi(vertx, new ProxyClientOptions()
      .setAddress("127.0.0.1:" + proxy.port())), true, new BrokerOptions());
  }

  @Test
  void aDurableSubscriptionThroughAProxyOverTheHttpBrokerIsRefusedWith501() {
    proxyOverTheHttpBroker();
    Throwable refused = Await.failure(viaProxy.subscribe("orders", e -> Future.succeededFuture(),
      new SubscribeOptions().setDurable("billing")));
    assertThat(refused).isInstanceOf(MicroException.class);
    assertThat(((MicroException) refused).code()).isEqualTo(501);
    assertThat(((MicroException) refused).detail()).contains("no durable subscriptions");
    Await.result(viaProxy.disconnect());
    Await.result(http.disconnect());
  }

  /** The http broker subscribes asynchronously (it registers the subscription): the upgrade must wait for it. */
  @Test
  void aSubscriptionThroughAProxyOverTheHttpBrokerOpensAndDelivers() {
    proxyOverTheHttpBroker();
    List<String> received = new CopyOnWriteArrayList<>();
    Await.result(viaProxy.subscribe("orders", e -> {
      received.add(e.message().body().toString());
      return Future.succeededFuture();
    }, new SubscribeOptions()));
    assertThat(Await.result(registry.getService("go.micro.http.broker"))).as("the subscription registered").hasSize(1);
    Await.result(viaProxy.publish("orders", new Message(Map.of(), Buffer.buffer("o1"))));
    Await.until("the message through the proxy", () -> received.contains("o1"));
    Await.result(viaProxy.disconnect());
    Await.result(http.disconnect());
  }
}
