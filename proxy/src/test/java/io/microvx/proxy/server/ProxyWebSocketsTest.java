package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Message;
import io.microvx.plugin.ProxyRegistryProvider;
import io.microvx.proxy.ProxyBroker;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches and subscriptions through the proxy are each a WebSocket that lives as long as they do: one client
 * holds as many at once as it is asked for (Vert.x's default pool of 50 per address made the 51st wait for
 * one of the others to end, which long-lived ones never do).
 */
class ProxyWebSocketsTest {

  private static final int MANY = 60;

  private final Vertx vertx = Vertx.vertx();
  private final ProxyFixture proxy = new ProxyFixture(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void oneRegistryClientHoldsSixtyWatchesAndEachSeesARegistration() {
    Registry registry = new ProxyRegistryProvider().create(vertx, new JsonObject().put("proxy_address", proxy.address));
    AtomicInteger seen = new AtomicInteger();
    for (int i = 0; i < MANY; i++) {
      Await.result(registry.watch(new WatchOptions(), event -> seen.incrementAndGet()), Duration.ofSeconds(10));
    }
    Await.result(registry.register(new Service("greeter", "1.0.0", List.of(new Node("greeter-1", "127.0.0.1:1")))));
    Await.until("every watch to see the registration", () -> seen.get() == MANY);
  }

  @Test
  void oneBrokerClientHoldsSixtySubscriptionsAndEachTakesItsMessage() {
    Broker broker = new ProxyBroker(vertx, proxy.api(vertx), true, new BrokerOptions());
    AtomicInteger taken = new AtomicInteger();
    for (int i = 0; i < MANY; i++) {
      Await.result(broker.subscribe("topic-" + i, event -> {
        taken.incrementAndGet();
        return Future.succeededFuture();
      }), Duration.ofSeconds(10));
    }
    for (int i = 0; i < MANY; i++) {
      Await.result(broker.publish("topic-" + i, new Message(Map.of("Content-Type", "application/json"), Buffer.buffer("{}"))));
    }
    Await.until("every subscription to take its message", () -> taken.get() == MANY);
    assertThat(taken.get()).isEqualTo(MANY);
  }
}
