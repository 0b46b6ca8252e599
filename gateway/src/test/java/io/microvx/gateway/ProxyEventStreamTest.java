package io.microvx.gateway;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.gateway.fake.RecordingBroker;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The http and web proxies (WebSocket included), the event handler and streams over WebSocket. */
class ProxyEventStreamTest {

  public record Count(int count) {
  }

  public record Item(int index) {
  }

  public record Text(String text) {
  }

  /** A server stream and a bidirectional one. */
  public static class Numbers {
    public Multi<Item> count(Count request) {
      return Multi.createFrom().range(0, request.count()).map(Item::new);
    }

    public Multi<Text> shout(Multi<Text> requests) {
      return requests.map(t -> new Text(t.text().toUpperCase()));
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  /** A plain HTTP server (not a micro service) echoing what it got, plus a WebSocket that talks first. */
  private int httpService(String name) {
    HttpServer server = fx.services.createHttpServer()
      .requestHandler(request -> request.body().onSuccess(body -> request.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject()
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("forwarded", request.getHeader("X-Forwarded-For"))
          .put("subject", request.getHeader("X-Auth-Subject"))
          .put("length", body.length())
          .encode())))
      .webSocketHandler(socket -> {
        socket.writeTextMessage("hello from " + name);
        socket.textMessageHandler(text -> socket.writeTextMessage(text.toUpperCase()));
      });
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    Await.result(fx.registry.register(new Service(name, "1.0.0",
      List.of(new Node(name + "-1", "127.0.0.1:" + port)))));
    return port;
  }

  @Test
  void httpHandlerProxiesPathQueryAndBody() {
    httpService("files");
    fx.start(new GatewayOptions().setHandler("http"));
    GatewayFixture.Reply reply = fx.send(HttpMethod.PUT, "/files/a/../b.txt?x=1", Map.of("X-Auth-Subject", "forged"),
      Buffer.buffer(new byte[1_000_000]));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject seen = new JsonObject(reply.body());
    assertThat(seen.getString("method")).isEqualTo("PUT");
    assertThat(seen.getString("uri")).isEqualTo("/files/b.txt?x=1");
    assertThat(seen.getString("forwarded")).isEqualTo("127.0.0.1");
    assertThat(seen.getString("subject")).as("identity headers are the gateway's only").isNull();
    assertThat(seen.getInteger("length")).isEqualTo(1_000_000);

    assertThat(fx.get("/unknown/x").status()).isEqualTo(404);
  }

  @Test
  void proxyToAGoneNodeIs503() {
    Await.result(fx.registry.register(new Service("gone", "1.0.0", List.of(new Node("gone-1", "127.0.0.1:1")))));
    fx.start(new GatewayOptions().setHandler("http"));
    GatewayFixture.Reply reply = fx.get("/gone/x");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(new JsonObject(reply.body()).getString("id")).isEqualTo("go.micro.api");
  }

  @Test
  void webHandlerCarriesWebSocketsBothWays() {
    httpService("chat");
    fx.start(new GatewayOptions().setHandler("web"));
    WebSocketClient client = fx.clientVertx.createWebSocketClient();
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket socket = Await.result(client.webSocket()
      .textMessageHandler(received::add)
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.gateway.port()).setURI("/chat/ws")));
    Await.until("the service's greeting", () -> received.contains("hello from chat"));
    Await.result(socket.writeTextMessage("ping"));
    Await.until("the echo of ping", () -> received.contains("PING"));
    Await.result(socket.close());
    Await.result(client.close());
  }

  @Test
  void eventHandlerPublishesTheRequest() {
    Broker broker = Broker.memory(fx.gatewayVertx, new BrokerOptions());
    List<Event> orders = new CopyOnWriteArrayList<>();
    List<Event> v1Orders = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("go.micro.api.orders", e -> record(orders, e)));
    Await.result(broker.subscribe("go.micro.api.v1.orders", e -> record(v1Orders, e)));
    fx.start(new GatewayOptions(), gateway -> gateway.broker(broker));
    GatewayFixture.Reply reply = fx.send(HttpMethod.POST, "/event/orders/created",
      Map.of("Content-Type", "application/json", "X-Custom", "7"), Buffer.buffer("{\"id\":1}"));
    assertThat(reply.status()).isEqualTo(200);
    Await.until("the event to be delivered", () -> orders.size() == 1);
    Message published = orders.get(0).message();
    assertThat(published.header("X-Custom")).isEqualTo("7");
    assertThat(published.header("Micro-Topic")).isEqualTo("go.micro.api.orders");
    assertThat(published.header("Content-Type")).isEqualTo("application/json");
    JsonObject event = new JsonObject(published.body());
    assertThat(event.getString("name")).isEqualTo("created");
    assertThat(event.getString("data")).isEqualTo("{\"id\":1}");
    assertThat(event.getString("id")).hasSize(36);
    assertThat(event.getJsonObject("header").getJsonObject("X-Custom").getJsonArray("values").getString(0)).isEqualTo("7");

    fx.post("/event/v1/orders/paid", "{}");
    Await.until("the versioned event to be delivered", () -> v1Orders.size() == 1);
    assertThat(new JsonObject(v1Orders.get(0).message().body()).getString("name")).isEqualTo("orders.paid");
  }

  private static io.vertx.core.Future<Void> record(List<Event> events, Event event) {
    events.add(event);
    return io.vertx.core.Future.succeededFuture();
  }

  @Test
  void aBrokerThatRefusesMakesTheEventFail() {
    RecordingBroker broker = new RecordingBroker();
    fx.start(new GatewayOptions(), gateway -> gateway.broker(broker));
    broker.refuse(true);
    GatewayFixture.Reply refused = fx.post("/event/orders/created", "{}");
    assertThat(refused.status()).isEqualTo(500);
    assertThat(new JsonObject(refused.body()).getString("detail")).contains("broker not connected");
  }

  @Test
  void withoutABrokerEventPathsAreOrdinaryPaths() {
    fx.start(new GatewayOptions());
    assertThat(fx.post("/event/orders/created", "{}").status()).isEqualTo(404);
  }

  @Test
  void streamEndpointsOverWebSocket() {
    fx.service("numbers", new Numbers());
    fx.start(new GatewayOptions());
    WebSocketClient client = fx.clientVertx.createWebSocketClient();

    List<String> items = new CopyOnWriteArrayList<>();
    Promise<Short> closed = Promise.promise();
    WebSocket counting = Await.result(client.webSocket()
      .textMessageHandler(items::add)
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.gateway.port()).setURI("/numbers/numbers/count")));
    counting.closeHandler(v -> closed.tryComplete(counting.closeStatusCode()));
    Await.result(counting.writeTextMessage("{\"count\":3}"));
    assertThat(Await.result(closed.future())).isEqualTo((short) 1000);
    assertThat(items).containsExactly("{\"index\":0}", "{\"index\":1}", "{\"index\":2}");

    List<String> shouted = new CopyOnWriteArrayList<>();
    WebSocket bidi = Await.result(client.webSocket()
      .textMessageHandler(shouted::add)
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.gateway.port()).setURI("/numbers/numbers/shout")));
    Await.result(bidi.writeTextMessage("{\"text\":\"a\"}"));
    Await.result(bidi.writeTextMessage("{\"text\":\"b\"}"));
    Await.until("both replies", () -> shouted.size() == 2);
    assertThat(shouted).containsExactly("{\"text\":\"A\"}", "{\"text\":\"B\"}");
    Await.result(bidi.close());

    // a stream endpoint called without an upgrade: told to use a WebSocket
    GatewayFixture.Reply plain = fx.post("/numbers/numbers/count", "{\"count\":1}");
    assertThat(plain.status()).isEqualTo(400);
    Await.result(client.close());
  }
}
