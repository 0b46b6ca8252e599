package io.microvx.proxy.server;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** micro's proxy API, called as the CLI or a Go tool would, with a plain HTTP client. */
class ProxyApiTest {

  private final Vertx vertx = Vertx.vertx();
  private ProxyFixture fixture;
  private WebClient web;
  private int port;

  @BeforeEach
  void start() {
    fixture = new ProxyFixture(vertx);
    web = WebClient.create(vertx);
    port = fixture.proxy.port();
  }

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static final String SERVICE = "{\"name\":\"billing\",\"version\":\"1.0\",\"metadata\":null,\"endpoints\":null,"
    + "\"nodes\":[{\"id\":\"billing-1\",\"address\":\"10.0.0.9:4040\",\"metadata\":{\"protocol\":\"mucp\"}}]}";

  private HttpResponse<Buffer> send(io.vertx.core.http.HttpMethod method, String uri, String body) {
    var request = web.request(method, port, "127.0.0.1", uri).putHeader("Content-Type", "application/json");
    return Await.result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void theRegistryCanBeReadWrittenAndWatched() {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    // the client is held (and closed at the end): Vert.x closes a client that became unreachable
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket watch = Await.result(client.connect(port, "127.0.0.1", "/registry"));
    watch.textMessageHandler(text -> events.add(new JsonObject(text)));

    assertThat(send(io.vertx.core.http.HttpMethod.POST, "/registry?ttl=30s", SERVICE).statusCode()).isEqualTo(200);
    JsonArray all = send(io.vertx.core.http.HttpMethod.GET, "/registry", null).bodyAsJsonArray();
    assertThat(all.getJsonObject(0).getString("name")).isEqualTo("billing");
    JsonArray one = send(io.vertx.core.http.HttpMethod.GET, "/registry?service=billing", null).bodyAsJsonArray();
    assertThat(one.getJsonObject(0).getJsonArray("nodes").getJsonObject(0).getString("address")).isEqualTo("10.0.0.9:4040");
    Await.until("the watch to report the registration", () -> !events.isEmpty());
    assertThat(events.get(0).getString("action")).isEqualTo("create");
    assertThat(events.get(0).getJsonObject("service").getString("name")).isEqualTo("billing");

    assertThat(send(io.vertx.core.http.HttpMethod.DELETE, "/registry", SERVICE).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> gone = send(io.vertx.core.http.HttpMethod.GET, "/registry?service=billing", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(MicroException.parse(gone.bodyAsString()).detail()).isEqualTo("service billing not found");
    Await.until("the watch to report the deregistration", () -> events.size() == 2);
    assertThat(events.get(1).getString("action")).isEqualTo("delete");
    Await.result(client.close());
  }

  @Test
  void aStoppingProxyClosesItsRegistryWatchesAsGoingAway() {
    WebSocketClient client = vertx.createWebSocketClient(); // held, as above
    WebSocket watch = Await.result(client.connect(port, "127.0.0.1", "/registry"));
    Promise<Void> closed = Promise.promise();
    watch.closeHandler(v -> closed.complete());
    fixture.stop();
    Await.result(closed.future());
    Await.result(client.close());
    assertThat(watch.closeStatusCode()).as("closed at once as going away (1001), not when the shutdown's grace period ran out (1000)")
      .isEqualTo((short) 1001);
  }

  @Test
  void rpcCallsAServiceAsMicrosProxyDoes() {
    TestServices.start(vertx, fixture.registry, "greeter", new Greeting.Say());
    HttpResponse<Buffer> reply = send(io.vertx.core.http.HttpMethod.POST, "/rpc",
      "{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"request\":{\"name\":\"Ada\"}}");
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msg", "Hello Ada"));

    // micro's CLI sends the request as a JSON string and may say method instead of endpoint
    HttpResponse<Buffer> asString = Await.result(web.post(port, "127.0.0.1", "/rpc").putHeader("Timeout", "3")
      .sendJsonObject(new JsonObject().put("service", "greeter").put("method", "Say.Hello").put("request", "{\"name\":\"Bo\"}")));
    assertThat(asString.bodyAsJsonObject().getString("msg")).isEqualTo("Hello Bo");

    Node node = Await.result(fixture.registry.getService("greeter")).get(0).nodes().get(0);
    HttpResponse<Buffer> direct = send(io.vertx.core.http.HttpMethod.POST, "/rpc", new JsonObject().put("service", "greeter")
      .put("endpoint", "Say.Hello").put("address", node.address()).put("request", new JsonObject().put("name", "Cy")).encode());
    assertThat(direct.bodyAsJsonObject().getString("msg")).isEqualTo("Hello Cy");
  }

  @Test
  void badRpcInputGetsClearErrors() {
    TestServices.start(vertx, fixture.registry, "greeter", new Greeting.Say());
    HttpResponse<Buffer> notJson = send(io.vertx.core.http.HttpMethod.POST, "/rpc", "{\"service\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(MicroException.parse(notJson.bodyAsString()).id()).isEqualTo("go.micro.rpc");
    HttpResponse<Buffer> noEndpoint = send(io.vertx.core.http.HttpMethod.POST, "/rpc", "{\"service\":\"greeter\"}");
    assertThat(noEndpoint.statusCode()).isEqualTo(400);
    assertThat(MicroException.parse(noEndpoint.bodyAsString()).detail()).isEqualTo("invalid endpoint");
    HttpResponse<Buffer> numericService = send(io.vertx.core.http.HttpMethod.POST, "/rpc", "{\"service\":7,\"endpoint\":\"A.B\"}");
    assertThat(numericService.statusCode()).isEqualTo(400);
    assertThat(MicroException.parse(numericService.bodyAsString()).detail()).isEqualTo("service must be a string");
    HttpResponse<Buffer> unknown = send(io.vertx.core.http.HttpMethod.POST, "/rpc", "{\"service\":\"nobody\",\"endpoint\":\"A.B\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(MicroException.parse(unknown.bodyAsString()).detail()).isEqualTo("service nobody: not found");
    HttpResponse<Buffer> badTimeout = Await.result(web.post(port, "127.0.0.1", "/rpc").putHeader("Timeout", "soon")
      .sendJsonObject(new JsonObject().put("service", "greeter").put("endpoint", "Say.Hello")));
    assertThat(badTimeout.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> huge = send(io.vertx.core.http.HttpMethod.POST, "/rpc", "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(MicroException.parse(huge.bodyAsString()).code()).isEqualTo(413);
    HttpResponse<Buffer> badService = send(io.vertx.core.http.HttpMethod.POST, "/registry", "{\"name\": 7, \"nodes\": \"x\"}");
    assertThat(badService.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> route = send(io.vertx.core.http.HttpMethod.GET, "/nowhere", null);
    assertThat(route.statusCode()).isEqualTo(404);
    // and it keeps serving
    assertThat(send(io.vertx.core.http.HttpMethod.GET, "/health", null).bodyAsJsonObject().getString("status")).isEqualTo("ok");
  }

  @Test
  void theBrokerPublishesAndStreamsSubscriptionsOverWebSockets() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocket subscription = Await.result(sockets.connect(port, "127.0.0.1", "/broker?topic=news"));
    subscription.textMessageHandler(text -> received.add(new JsonObject(text)));
    Await.until("the subscription to exist", () -> {
      Await.result(web.post(port, "127.0.0.1", "/broker?topic=news").putHeader("X-Probe", "1")
        .putHeader("X-Requested-With", "test").sendBuffer(Buffer.buffer("probe")));
      return !received.isEmpty();
    });
    received.clear();

    HttpResponse<Buffer> published = Await.result(web.post(port, "127.0.0.1", "/broker?topic=news")
      .putHeader("Content-Type", "application/json").putHeader("X-Trace", "t1").sendBuffer(Buffer.buffer("{\"headline\":\"hi\"}")));
    assertThat(published.statusCode()).isEqualTo(200);
    // found by its header: a probe published before the subscription answered may still come after clear()
    Predicate<JsonObject> traced = m -> "t1".equals(m.getJsonObject("Header").getString("X-Trace"));
    Await.until("the message to arrive", () -> received.stream().anyMatch(traced));
    JsonObject message = received.stream().filter(traced).findFirst().orElseThrow();
    assertThat(new String(Base64.getDecoder().decode(message.getString("Body")))).isEqualTo("{\"headline\":\"hi\"}");

    HttpResponse<Buffer> noTopic = Await.result(web.post(port, "127.0.0.1", "/broker")
      .putHeader("X-Requested-With", "test").sendBuffer(Buffer.buffer("x")));
    assertThat(noTopic.statusCode()).isEqualTo(400);
    assertThat(MicroException.parse(noTopic.bodyAsString()).detail()).isEqualTo("Topic not specified");
    Throwable badSocket = Await.failure(sockets.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI("/broker")));
    assertThat(badSocket).hasMessageContaining("400");
    HttpResponse<Buffer> plainGet = Await.result(web.get(port, "127.0.0.1", "/broker?topic=news").send());
    assertThat(plainGet.statusCode()).isEqualTo(400);
    assertThat(send(io.vertx.core.http.HttpMethod.GET, "/stats", null).bodyAsJsonObject().getJsonObject("broker").getLong("published"))
      .isGreaterThanOrEqualTo(2);
  }

  @Test
  void registeringThroughTheProxyPluginsLooksTheSameAsDirectly() {
    io.microvx.proxy.ProxyRegistry proxied = new io.microvx.proxy.ProxyRegistry(fixture.api(vertx), true);
    Service billing = new Service("billing", "1.0", List.of(new Node("billing-1", "10.0.0.9:4040")));
    Await.result(proxied.register(billing));
    assertThat(Await.result(proxied.getService("billing"))).isEqualTo(Await.result(fixture.registry.getService("billing")));
    assertThat(Await.result(proxied.getService("nobody"))).isEmpty();
    assertThat(Await.result(proxied.listServices())).extracting(Service::name).containsExactly("billing");
    Await.result(proxied.deregister(billing));
    assertThat(Await.result(fixture.registry.getService("billing"))).isEmpty();
  }
}
