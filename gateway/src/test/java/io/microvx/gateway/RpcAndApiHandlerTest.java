package io.microvx.gateway;

import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.testing.Greeting;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rpc and api handlers and /rpc, end to end against real services. */
class RpcAndApiHandlerTest {

  public record Pair(String key, List<String> values) {
  }

  public record ApiRequest(String method, String path, Map<String, Pair> header, Map<String, Pair> get,
                           Map<String, Pair> post, String body, String url) {
  }

  public record ApiResponse(int statusCode, Map<String, Pair> header, String body) {
  }

  public record Echo(String custom, String forwarded, String endpointHeader) {
  }

  /** Endpoints that fail, echo metadata, and serve micro's api handler. */
  public static class Tools {
    public Greeting.Response conflict(Greeting.Request request) {
      throw MicroException.conflict("tools", "name %s is taken", request.name());
    }

    public Greeting.Response plain(Greeting.Request request) {
      // what a Go framework error looks like once parsed: no JSON, code 0
      throw MicroException.of("", 0, "rpc: something broke", "");
    }

    public Echo echo(Greeting.Request request, CallContext call) {
      return new Echo(call.metadata().get("X-Custom"), call.metadata().get("X-Forwarded-For"),
        call.metadata().get("Micro-Endpoint"));
    }

    public ApiResponse handle(ApiRequest request) {
      String seen = request.method() + " " + request.path() + " get=" + request.get().get("q").values()
        + " post=" + (request.post().containsKey("f") ? request.post().get("f").values() : List.of())
        + " header=" + request.header().get("X-Custom").values() + " body=" + request.body();
      return new ApiResponse(201, Map.of("X-Reply", new Pair("X-Reply", List.of("yes")),
        "Content-Type", new Pair("Content-Type", List.of("text/plain"))), seen);
    }

    public ApiResponse broken(ApiRequest request) {
      return new ApiResponse(7000, Map.of(), "");
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @BeforeEach
  void start() {
    fx.service("greeter", new Greeting.Say());
    fx.service("tools", new Tools());
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void jsonFormAndQueryBecomeTheRequest() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply json = fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Content-Type")).isEqualTo("application/json");
    assertThat(new JsonObject(json.body()).getString("msg")).isEqualTo("Hello Ada");

    GatewayFixture.Reply form = fx.send(HttpMethod.POST, "/greeter/say/hello",
      Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("name=Grace"));
    assertThat(new JsonObject(form.body()).getString("msg")).isEqualTo("Hello Grace");

    // curl -d '{"name":"Ada"}' labels JSON as a form: read as JSON, as micro reads the raw body
    GatewayFixture.Reply curlish = fx.send(HttpMethod.POST, "/greeter/say/hello",
      Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("{\"name\":\"Curl\"}"));
    assertThat(new JsonObject(curlish.body()).getString("msg")).isEqualTo("Hello Curl");

    GatewayFixture.Reply query = fx.get("/greeter/say/hello?name=Linus");
    assertThat(new JsonObject(query.body()).getString("msg")).isEqualTo("Hello Linus");

    // an unknown content type is sent as JSON, as micro does
    GatewayFixture.Reply odd = fx.send(HttpMethod.POST, "/greeter/say/hello", Map.of("Content-Type", "text/weird"),
      Buffer.buffer("{\"name\":\"Odd\"}"));
    assertThat(new JsonObject(odd.body()).getString("msg")).isEqualTo("Hello Odd");
  }

  @Test
  void errorsKeepTheirCodeAsStatus() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply conflict = fx.post("/tools/tools/conflict", "{\"name\":\"Ada\"}");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(new JsonObject(conflict.body()).getMap()).containsEntry("id", "tools").containsEntry("code", 409)
      .containsEntry("detail", "name Ada is taken").containsEntry("status", "Conflict");

    GatewayFixture.Reply plain = fx.post("/tools/tools/plain", "{}");
    assertThat(plain.status()).isEqualTo(500);
    assertThat(new JsonObject(plain.body()).getMap()).containsEntry("id", "go.micro.api")
      .containsEntry("detail", "error during request: rpc: something broke");

    GatewayFixture.Reply badJson = fx.post("/greeter/say/hello", "{\"name\":");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(new JsonObject(badJson.body()).getInteger("code")).isEqualTo(400);
  }

  @Test
  void headersBecomeMetadataButNotWireHeaders() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply reply = fx.send(HttpMethod.POST, "/tools/tools/echo",
      Map.of("Content-Type", "application/json", "X-Custom", "42", "Micro-Endpoint", "Tools.Conflict"),
      Buffer.buffer("{}"));
    JsonObject echo = new JsonObject(reply.body());
    assertThat(echo.getString("custom")).isEqualTo("42");
    assertThat(echo.getString("forwarded")).isEqualTo("127.0.0.1");
    // a client cannot steer the call through the wire headers: the endpoint stays the resolved one
    assertThat(reply.status()).isEqualTo(200);
    assertThat(echo.getString("endpointHeader")).isNull();
  }

  @Test
  void apiHandlerSendsTheWholeRequestAndHonoursTheResponse() {
    fx.start(new GatewayOptions().setHandler("api"));
    GatewayFixture.Reply reply = fx.send(HttpMethod.POST, "/tools/tools/handle?q=1&q=2",
      Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Custom", "c"), Buffer.buffer("f=v"));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("X-Reply")).isEqualTo("yes");
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.body()).isEqualTo("POST /tools/tools/handle get=[1, 2] post=[v] header=[c] body=f=v");

    GatewayFixture.Reply broken = fx.post("/tools/tools/broken", "{}");
    assertThat(broken.status()).isEqualTo(502);
    assertThat(new JsonObject(broken.body()).getString("id")).isEqualTo("go.micro.api");
  }

  @Test
  void rpcEndpointCallsByName() {
    fx.start(new GatewayOptions().setEnableRpc(true));
    GatewayFixture.Reply object = fx.post("/rpc",
      "{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"request\":{\"name\":\"Ada\"}}");
    assertThat(object.status()).isEqualTo(200);
    assertThat(new JsonObject(object.body()).getString("msg")).isEqualTo("Hello Ada");

    GatewayFixture.Reply text = fx.post("/rpc",
      "{\"service\":\"greeter\",\"method\":\"Say.Hello\",\"request\":\"{\\\"name\\\":\\\"Bo\\\"}\"}");
    assertThat(new JsonObject(text.body()).getString("msg")).isEqualTo("Hello Bo");

    GatewayFixture.Reply form = fx.send(HttpMethod.POST, "/rpc", Map.of("Content-Type",
      "application/x-www-form-urlencoded"), Buffer.buffer("service=greeter&endpoint=Say.Hello&request=%7B%22name%22%3A%22Cy%22%7D"));
    assertThat(new JsonObject(form.body()).getString("msg")).isEqualTo("Hello Cy");

    String address = fx.registryNodeAddress("greeter");
    GatewayFixture.Reply pinned = fx.post("/rpc", "{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"address\":\""
      + address + "\",\"request\":{\"name\":\"Di\"}}");
    assertThat(new JsonObject(pinned.body()).getString("msg")).isEqualTo("Hello Di");

    GatewayFixture.Reply elsewhere = fx.post("/rpc",
      "{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"address\":\"10.1.2.3:80\",\"request\":{}}");
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(new JsonObject(elsewhere.body()).getString("id")).isEqualTo("go.micro.rpc");

    GatewayFixture.Reply missing = fx.post("/rpc", "{\"endpoint\":\"Say.Hello\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(new JsonObject(missing.body()).getMap()).containsEntry("id", "go.micro.rpc")
      .containsEntry("detail", "invalid service");

    assertThat(fx.post("/rpc", "not json").status()).isEqualTo(400);
    assertThat(fx.post("/rpc", "[1,2]").status()).isEqualTo(400);
  }

  @Test
  void rpcEndpointIsOffByDefault() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply reply = fx.post("/rpc", "{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"request\":{}}");
    assertThat(reply.status()).isEqualTo(404);
  }
}
