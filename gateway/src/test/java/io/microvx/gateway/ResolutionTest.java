package io.microvx.gateway;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolution table end to end: each path reaches the service and endpoint micro would call. */
class ResolutionTest {

  public record Req(String name) {
  }

  public record Reply(String by) {
  }

  /** Answers with who it is, so a test sees which service and endpoint a path reached. */
  public static class Named {
    private final String who;

    Named(String who) {
      this.who = who;
    }

    public Reply hello(Req request) {
      return new Reply(who + " Hello " + request.name());
    }

    public Reply say(Req request) {
      return new Reply(who + " Say " + request.name());
    }

    public Reply sayHello(Req request) {
      return new Reply(who + " SayHello " + request.name());
    }

    public Reply qux(Req request) {
      return new Reply(who + " Qux " + request.name());
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @BeforeEach
  void start() {
    fx.service("greeter", b -> b.handler("Say", new Named("greeter")).handler("Greeter", new Named("greeter")));
    fx.service("go.micro.api.namespaced", b -> b.handler("Say", new Named("namespaced")));
    fx.service("namespaced", b -> b.handler("Say", new Named("bare-namespaced")));
    fx.service("v1.greeter", b -> b.handler("Greeter", new Named("v1.greeter")));
    fx.service("foo.bar", b -> b.handler("Baz", new Named("foo.bar")));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private String by(GatewayFixture.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return new JsonObject(reply.body()).getString("by");
  }

  @Test
  void pathsResolveAsInMicro() {
    fx.start(new GatewayOptions());
    assertThat(by(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}"))).isEqualTo("greeter Hello Ada");
    assertThat(by(fx.post("/greeter/say", "{\"name\":\"Ada\"}"))).isEqualTo("greeter Say Ada");
    assertThat(by(fx.post("/greeter/say/say-hello", "{\"name\":\"Ada\"}"))).isEqualTo("greeter SayHello Ada");
    assertThat(by(fx.post("/v1/greeter/say", "{\"name\":\"Ada\"}"))).isEqualTo("v1.greeter Say Ada");
    assertThat(by(fx.post("/foo/bar/baz/qux", "{\"name\":\"Ada\"}"))).isEqualTo("foo.bar Qux Ada");
    // path traversal is resolved before routing, as Go's path.Clean does
    assertThat(by(fx.post("/nothing/../greeter/say/hello", "{\"name\":\"Bo\"}"))).isEqualTo("greeter Hello Bo");
  }

  @Test
  void theNamespacedNameIsTriedFirst() {
    fx.start(new GatewayOptions());
    assertThat(by(fx.post("/namespaced/say/hello", "{\"name\":\"Ada\"}"))).isEqualTo("namespaced Hello Ada");
    fx.start(new GatewayOptions().setNamespace("other.ns"));
    assertThat(by(fx.post("/namespaced/say/hello", "{\"name\":\"Ada\"}"))).isEqualTo("bare-namespaced Hello Ada");
  }

  @Test
  void unknownServicesAre404WithTheErrorJson() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply reply = fx.post("/nope/say/hello", "{}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(new JsonObject(reply.body()).getMap())
      .containsEntry("id", "go.micro.api").containsEntry("code", 404).containsEntry("detail", "service not found")
      .containsEntry("status", "Not Found");
    // a known service with an unknown endpoint: the service's own 404
    GatewayFixture.Reply missing = fx.post("/greeter/say/nothing", "{}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(new JsonObject(missing.body()).getString("id")).isEqualTo("greeter");
  }

  @Test
  void rootAnswersTheVersion() {
    fx.start(new GatewayOptions());
    GatewayFixture.Reply reply = fx.get("/");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(new JsonObject(reply.body()).containsKey("version")).isTrue();
  }

  @Test
  void endpointMetadataRoutesWinOverPaths() {
    MicroService target = fx.service("routed", b -> b.handler("Say", new Named("routed")));
    Node node = target.server().service().nodes().get(0);
    // the same node registered under a name whose endpoints declare routes, as a Go service with api metadata would
    Service declared = new Service("go.micro.api.custom", "1.0.0", Map.of(), List.of(
      new Endpoint("Say.Hello", null, null, Map.of("endpoint", "Say.Hello", "path", "^/greeter/say/hello$",
        "method", "PUT")),
      new Endpoint("Say.SayHello", null, null, Map.of("endpoint", "Say.SayHello", "path", "^/only/[a-z]+$",
        "host", "api.example.com"))),
      List.of(node));
    Await.result(fx.registry.register(declared));
    fx.start(new GatewayOptions());
    // the method matches: the declared route wins over the path rule that would reach greeter
    GatewayFixture.Reply put = fx.send(HttpMethod.PUT, "/greeter/say/hello", Map.of("Content-Type", "application/json"),
      Buffer.buffer("{\"name\":\"Ada\"}"));
    assertThat(by(put)).isEqualTo("routed Hello Ada");
    // another method: the path rule applies again
    assertThat(by(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}"))).isEqualTo("greeter Hello Ada");
    // host-bound route: only for that host
    GatewayFixture.Reply hosted = fx.send(HttpMethod.POST, "/only/me", Map.of("Content-Type", "application/json",
      "Host", "api.example.com:8080"), Buffer.buffer("{\"name\":\"Ada\"}"));
    assertThat(by(hosted)).isEqualTo("routed SayHello Ada");
    assertThat(fx.post("/only/me", "{\"name\":\"Ada\"}").status()).isEqualTo(404);
  }

  @Test
  void servicesRegisteredLaterAreSeenThroughTheWatch() {
    fx.start(new GatewayOptions());
    assertThat(fx.post("/late/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(404);
    fx.service("late", b -> b.handler("Say", new Named("late")));
    fx.awaitRouted("/late/say/hello");
    assertThat(by(fx.post("/late/say/hello", "{\"name\":\"Ada\"}"))).isEqualTo("late Hello Ada");
  }
}
