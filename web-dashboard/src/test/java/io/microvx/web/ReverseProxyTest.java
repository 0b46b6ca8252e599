package io.microvx.web;

import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * micro web's reverse proxy: {@code /[name]/…} to a node of {@code go.micro.web.[name]}, WebSockets both
 * ways, 404 for a name nobody registered, 502 for a node that is gone, and no way to point it elsewhere.
 */
class ReverseProxyTest {

  private DashboardFixture fx;

  @BeforeEach
  void start() {
    fx = new DashboardFixture().start();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** A web service: a page, an echo of what it got, and a WebSocket that greets, then echoes in capitals. */
  private int webService(String name) {
    HttpServer server = fx.vertx.createHttpServer()
      .requestHandler(request -> request.body().onSuccess(body -> {
        if (request.path().equals("/")) {
          request.response().putHeader("Content-Type", "text/html").end("<h1>Hello from " + name + "</h1>");
          return;
        }
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("basePath", request.getHeader("X-Micro-Web-Base-Path"))
          .put("forwardedFor", request.getHeader("X-Forwarded-For"))
          .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
          .put("forwardedProto", request.getHeader("X-Forwarded-Proto"))
          .put("forwardedPrefix", request.getHeader("X-Forwarded-Prefix"))
          .put("host", request.getHeader("Host"))
          .put("length", body.length())
          .encode());
      }))
      .webSocketHandler(socket -> {
        socket.writeTextMessage("hello from " + name + " at " + socket.path());
        socket.textMessageHandler(text -> socket.writeTextMessage(text.toUpperCase()));
      });
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    fx.onClose(() -> Await.result(server.close()));
    Await.result(fx.registry.register(new Service("go.micro.web." + name, "1.0.0",
      List.of(new Node(name + "-1", "127.0.0.1:" + port)))));
    fx.awaitListed("go.micro.web." + name);
    return port;
  }

  @Test
  void aPageAndItsRequestsReachTheWebService() {
    webService("hello");
    DashboardFixture.Reply page = fx.get("/hello/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("<h1>Hello from hello</h1>");

    DashboardFixture.Reply echo = fx.send(HttpMethod.PUT, "/hello/api/../items?x=1", Map.of("Host", "127.0.0.1:8082"),
      Buffer.buffer(new byte[2_000_000]));
    assertThat(echo.status()).as(echo.body()).isEqualTo(200);
    JsonObject seen = echo.json();
    assertThat(seen.getString("method")).isEqualTo("PUT");
    assertThat(seen.getString("uri")).as("the prefix is stripped").isEqualTo("/items?x=1");
    assertThat(seen.getString("basePath")).isEqualTo("/hello");
    assertThat(seen.getString("forwardedFor")).isEqualTo("127.0.0.1");
    assertThat(seen.getString("forwardedHost")).isEqualTo("127.0.0.1:8082");
    assertThat(seen.getString("forwardedProto")).isEqualTo("http");
    assertThat(seen.getString("forwardedPrefix")).isEqualTo("/hello");
    assertThat(seen.getInteger("length")).as("the body streamed through").isEqualTo(2_000_000);

    DashboardFixture.Reply bare = fx.get("/hello?tab=2");
    assertThat(bare.status()).isEqualTo(307);
    assertThat(bare.header("Location")).isEqualTo("/hello/?tab=2");
  }

  @Test
  void webSocketsAreCarriedBothWays() {
    webService("chat");
    WebSocketClient client = fx.clientVertx.createWebSocketClient();
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket socket = Await.result(client.webSocket()
      .textMessageHandler(received::add)
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.dashboard.port()).setURI("/chat/ws")));
    Await.until("the service's greeting", () -> received.contains("hello from chat at /ws"));
    Await.result(socket.writeTextMessage("ping"));
    Await.until("the echo of ping", () -> received.contains("PING"));
    Await.result(socket.close());
    Await.result(client.close());
  }

  @Test
  void anUnregisteredNameIs404AndAnImpossibleOneToo() {
    webService("hello");
    DashboardFixture.Reply unknown = fx.get("/nobody/");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("text/html");
    assertThat(unknown.body()).contains("No web service go.micro.web.nobody is registered");
    // names outside micro web's pattern never reach the registry view
    assertThat(fx.get("/hel_lo/").status()).isEqualTo(404);
    assertThat(fx.get("/-hello/").status()).isEqualTo(404);
    // a service of another namespace is not a web service
    Await.result(fx.registry.register(new Service("plain", "1.0.0", List.of(new Node("plain-1", "127.0.0.1:1")))));
    fx.awaitListed("plain");
    assertThat(fx.get("/plain/").status()).isEqualTo(404);
  }

  @Test
  void aNodeThatIsGoneIs502WithAPageSayingSo() {
    Await.result(fx.registry.register(new Service("go.micro.web.gone", "1.0.0", List.of(new Node("gone-1", "127.0.0.1:1")))));
    fx.awaitListed("go.micro.web.gone");
    DashboardFixture.Reply reply = fx.get("/gone/");
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.header("Content-Type")).startsWith("text/html");
    assertThat(reply.body()).contains("The web service cannot be reached").contains("127.0.0.1:1").contains("go.micro.web.gone");
  }

  @Test
  void theTargetComesFromTheRegistryNeverFromTheRequest() {
    int port = webService("hello");
    // an absolute URI or a Host naming another machine changes nothing about where the request goes
    DashboardFixture.Reply absolute = fx.send(HttpMethod.GET, "http://169.254.169.254/hello/meta", Map.of(), null);
    assertThat(absolute.status()).isEqualTo(200);
    assertThat(absolute.json().getString("uri")).isEqualTo("/meta");
    DashboardFixture.Reply hosted = fx.send(HttpMethod.GET, "/hello/meta", Map.of("Host", "localhost:" + port), null);
    assertThat(hosted.json().getString("basePath")).isEqualTo("/hello");
    assertThat(fx.get("/169.254.169.254/").status()).isEqualTo(404);
  }
}
