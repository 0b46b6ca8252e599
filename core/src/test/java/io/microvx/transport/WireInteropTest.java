package io.microvx.transport;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * go-micro's wire (GO_MICRO_REFERENCE.md §1–3) checked with no project code on the other side: a plain
 * Vert.x WebClient plays a Go client, a plain HttpServer plays a Go service.
 */
class WireInteropTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  public record HelloRequest(String name) {
  }

  public record HelloResponse(String msg) {
  }

  /** The reference's greeter: {@code go.micro.srv.greeter}, {@code Greeter.Hello}. */
  public static class Greeter {
    public HelloResponse hello(HelloRequest request) {
      if ("nobody".equals(request.name())) {
        throw MicroException.notFound("greeter", "no such user");
      }
      return new HelloResponse("Hello " + request.name());
    }
  }

  /** The request of the reference's §2 example, byte for byte in its headers and body. */
  private HttpResponse<Buffer> sendReferenceRequest(MicroService greeter, String body) {
    WebClient web = WebClient.create(vertx);
    Node node = greeter.server().service().nodes().get(0);
    return Await.result(web.post(node.port(), node.host(), "/")
      .putHeader("Content-Type", "application/json")
      .putHeader("Accept", "application/json")
      .putHeader("Timeout", "5000000000")
      .putHeader("Micro-Id", "7")
      .putHeader("Micro-Service", "go.micro.srv.greeter")
      .putHeader("Micro-Method", "Greeter.Hello")
      .putHeader("Micro-Endpoint", "Greeter.Hello")
      .sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void aGoStyleRequestGetsTheDocumentedReply() {
    MicroService greeter = TestServices.start(vertx, registry, "go.micro.srv.greeter", new Greeter());
    HttpResponse<Buffer> reply = sendReferenceRequest(greeter, "{\"name\":\"John\"}");

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msg", "Hello John"));
    assertThat(reply.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(reply.getHeader("Micro-Id")).isEqualTo("7");
    assertThat(reply.getHeader("X-Micro-Id")).isEqualTo("7");
    assertThat(reply.getHeader("Micro-Error")).isNull();
    // go-micro's router answers a success with the id alone: nothing else echoed
    assertThat(reply.headers().names()).map(String::toLowerCase)
      .containsExactlyInAnyOrder("content-type", "micro-id", "x-micro-id", "content-length");
  }

  @Test
  void anErrorIsStatus200WithAnEmptyBodyAndMicroErrorInBothSpellings() {
    MicroService greeter = TestServices.start(vertx, registry, "go.micro.srv.greeter", new Greeter());
    HttpResponse<Buffer> reply = sendReferenceRequest(greeter, "{\"name\":\"nobody\"}");

    String expected = "{\"id\":\"greeter\",\"code\":404,\"detail\":\"no such user\",\"status\":\"Not Found\"}";
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.getHeader("Content-Length")).isEqualTo("0");
    assertThat(reply.body()).isNull();
    assertThat(new JsonObject(reply.getHeader("Micro-Error"))).isEqualTo(new JsonObject(expected));
    assertThat(reply.getHeader("X-Micro-Error")).isEqualTo(reply.getHeader("Micro-Error"));
    assertThat(reply.getHeader("Micro-Id")).isEqualTo("7");
    assertThat(reply.getHeader("Micro-Service")).isEqualTo("go.micro.srv.greeter");
    assertThat(reply.getHeader("Micro-Endpoint")).isEqualTo("Greeter.Hello");
  }

  @Test
  void anUnknownContentTypeIs415InMicroErrorListingTheSupportedOnes() {
    MicroService greeter = TestServices.start(vertx, registry, "go.micro.srv.greeter", new Greeter());
    Node node = greeter.server().service().nodes().get(0);
    HttpResponse<Buffer> reply = Await.result(WebClient.create(vertx).post(node.port(), node.host(), "/")
      .putHeader("Content-Type", "text/xml")
      .putHeader("Micro-Endpoint", "Greeter.Hello")
      .sendBuffer(Buffer.buffer("<name>John</name>")));
    assertThat(reply.statusCode()).isEqualTo(200);
    MicroException error = MicroException.parse(reply.getHeader("Micro-Error"));
    assertThat(error.code()).isEqualTo(415);
    assertThat(error.detail()).startsWith("Unsupported Content-Type: text/xml").contains("application/json");
  }

  @Test
  void theRegisteredNodeTellsGoClientsToSpeakPlainMucp() {
    MicroService greeter = TestServices.start(vertx, registry, "go.micro.srv.greeter", new Greeter());
    Service registered = Await.result(registry.getService("go.micro.srv.greeter")).get(0);
    Node node = registered.nodes().get(0);
    assertThat(node.id()).startsWith("go.micro.srv.greeter-");
    assertThat(node.address()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(node.metadata()).containsEntry("protocol", "mucp").containsEntry("transport", "http")
      .containsEntry("server", "mucp").containsEntry("registry", "memory").containsKey("broker");
    assertThat(registered.endpoints()).singleElement().satisfies(endpoint -> {
      assertThat(endpoint.name()).isEqualTo("Greeter.Hello");
      assertThat(endpoint.request().name()).isEqualTo("HelloRequest");
      assertThat(endpoint.request().values()).singleElement().satisfies(field -> {
        assertThat(field.name()).isEqualTo("name");
        assertThat(field.type()).isEqualTo("string");
      });
      assertThat(endpoint.response().values()).extracting(io.microvx.registry.Value::name).containsExactly("msg");
    });
    assertThat(greeter.server().service()).isEqualTo(registered);
  }

  /** A Go service's side of the wire, recording what it was sent. */
  private final List<MultiMap> received = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  private String startGoLikeService() {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(request.headers());
      bodies.add(request.method() + " " + request.uri() + " " + body);
      String endpoint = request.getHeader("Micro-Endpoint");
      var response = request.response().setStatusCode(200);
      switch (endpoint) {
        case "Greeter.Hello" -> response
          // an older server, writing only the X- spelling; Go's encoder ends JSON with a newline
          .putHeader("X-Micro-Id", request.getHeader("Micro-Id"))
          .putHeader("Content-Type", "application/json")
          .end("{\"msg\":\"Hello " + new JsonObject(body).getString("name") + "\"}\n");
        case "Greeter.Fail" -> response
          .putHeader("Micro-Error", "{\"id\":\"go.micro.srv.greeter\",\"code\":403,\"detail\":\"not you\",\"status\":\"Forbidden\"}")
          .putHeader("X-Micro-Error", "{\"id\":\"go.micro.srv.greeter\",\"code\":403,\"detail\":\"not you\",\"status\":\"Forbidden\"}")
          .end();
        default -> response
          .putHeader("X-Micro-Error", "rpc: can't find method " + endpoint)
          .end();
      }
    }));
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    String address = "127.0.0.1:" + port;
    Node node = new Node("go.micro.srv.greeter-0a1b", address, Map.of("protocol", "mucp", "transport", "http"));
    Await.result(registry.register(new Service("go.micro.srv.greeter", "2019.12.01.10.00", List.of(node))));
    return address;
  }

  @Test
  void theClientSpeaksToAGoServiceAsAGoClientWould() {
    startGoLikeService();
    Client client = TestServices.client(vertx, registry);
    HelloResponse response = Await.result(client.call("go.micro.srv.greeter", "Greeter.Hello", new HelloRequest("Ada"),
      HelloResponse.class, new CallOptions().addMetadata("X-Trace", "abc")));
    assertThat(response.msg()).isEqualTo("Hello Ada");

    MultiMap headers = received.get(0);
    assertThat(bodies.get(0)).isEqualTo("POST / {\"name\":\"Ada\"}");
    assertThat(headers.get("Micro-Service")).isEqualTo("go.micro.srv.greeter");
    assertThat(headers.get("Micro-Endpoint")).isEqualTo("Greeter.Hello");
    assertThat(headers.get("Micro-Method")).isEqualTo("Greeter.Hello");
    assertThat(headers.get("Content-Type")).isEqualTo("application/json");
    assertThat(headers.get("Accept")).isEqualTo("application/json");
    assertThat(headers.get("Micro-Id")).matches("\\d+");
    assertThat(headers.get("X-Trace")).isEqualTo("abc");
    long timeout = Long.parseLong(headers.get("Timeout"));
    assertThat(timeout).as("nanoseconds left of the default 5 s").isBetween(1L, 5_000_000_000L);
  }

  @Test
  void errorsFromAGoServiceArriveAsTheyWereSent() {
    startGoLikeService();
    Client client = TestServices.client(vertx, registry);

    MicroException json = (MicroException) Await.failure(client.call("go.micro.srv.greeter", "Greeter.Fail",
      new HelloRequest("x"), HelloResponse.class));
    assertThat(json.id()).isEqualTo("go.micro.srv.greeter");
    assertThat(json.code()).isEqualTo(403);
    assertThat(json.detail()).isEqualTo("not you");
    assertThat(json.status()).isEqualTo("Forbidden");

    MicroException plain = (MicroException) Await.failure(client.call("go.micro.srv.greeter", "Greeter.Plain",
      new HelloRequest("x"), HelloResponse.class));
    assertThat(plain.code()).isZero();
    assertThat(plain.detail()).isEqualTo("rpc: can't find method Greeter.Plain");
    assertThat(received).as("a code-0 error is not retried").hasSize(2);
  }

  /** go-micro serves any request as a unary call, a WebSocket upgrade too: the stream fails at once, saying why. */
  @Test
  void aStreamToAGoServiceFailsClearlyWithoutBlamingTheNode() {
    HttpServer goService = vertx.createHttpServer().requestHandler(request -> request.response()
      .putHeader("Micro-Error", "{\"id\":\"go.micro.server\",\"code\":500,\"detail\":\"unexpected EOF\",\"status\":\"Internal Server Error\"}")
      .end());
    int port = Await.result(goService.listen(0, "127.0.0.1")).actualPort();
    Client client = TestServices.client(vertx, registry);

    Throwable failure = Await.failure(client.stream("greeter", "Say.Greetings", new HelloRequest("x"), HelloResponse.class,
      new CallOptions().setAddress("127.0.0.1:" + port)));
    assertThat(failure).isNotInstanceOf(TransportException.class).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(501);
      assertThat(e.detail()).contains("127.0.0.1:" + port, "does not stream over WebSocket", "go-micro");
    });
  }
}
