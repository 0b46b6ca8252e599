package io.microvx.server;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint options the gateway routes by, declared by annotation or builder, as registered. */
class EndpointOptionsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  public static class Routed {
    @ApiEndpoint(path = {"^/hello$", "^/hi$"}, method = {"post", "PUT"}, host = "api.example.com", auth = true,
      description = "Says hello")
    public Greeting.Response hello(Greeting.Request request) {
      return new Greeting.Response("Hello " + request.name());
    }

    public Greeting.Response bye(Greeting.Request request) {
      return new Greeting.Response("Bye " + request.name());
    }
  }

  public static class BadPath {
    @ApiEndpoint(path = "(unclosed")
    public Greeting.Response hello(Greeting.Request request) {
      return new Greeting.Response("Hello");
    }
  }

  private Map<String, String> metadata(String endpoint) {
    List<Service> services = Await.result(registry.getService("routed"));
    return services.get(0).endpoints().stream().filter(e -> e.name().equals(endpoint)).findFirst()
      .map(Endpoint::metadata).orElseThrow();
  }

  @Test
  void theAnnotationAndTheBuilderBecomeGoMicrosEndpointMetadata() {
    TestServices.start(vertx, registry, "routed", b -> b.handler("Say", new Routed())
      .endpoint("Say.Bye", new EndpointOptions().setPath("^/bye$").setMethod("delete").setHandler("api")));
    assertThat(metadata("Say.Hello")).containsEntry("endpoint", "Say.Hello").containsEntry("handler", "rpc")
      .containsEntry("path", "^/hello$,^/hi$").containsEntry("method", "POST,PUT").containsEntry("host", "api.example.com")
      .containsEntry("auth", "true").containsEntry("description", "Says hello");
    assertThat(metadata("Say.Bye")).containsEntry("path", "^/bye$").containsEntry("method", "DELETE")
      .containsEntry("handler", "api").doesNotContainKeys("host", "auth");
  }

  @Test
  void theBuilderWinsOverTheAnnotation() {
    TestServices.start(vertx, registry, "routed", b -> b.handler("Say", new Routed())
      .endpoint("Say.Hello", new EndpointOptions().setPath("^/greet$")));
    assertThat(metadata("Say.Hello")).containsEntry("path", "^/greet$").doesNotContainKeys("method", "host", "auth");
  }

  @Test
  void aRouteTheGatewayCouldNotUseIsRefusedUpFront() {
    assertThatThrownBy(() -> MicroService.builder(vertx).name("bad").registry(registry).handler("Say", new BadPath()).build())
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Say.Hello").hasMessageContaining("(unclosed");
    assertThatThrownBy(() -> new EndpointOptions().setHandler("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MicroService.builder(vertx).endpoint("Say.Hello", new EndpointOptions()))
      .hasMessageContaining("at least one path");
    assertThatThrownBy(() -> new EndpointOptions().setPath("^/x$").setMethod("GE T").validate("Say.Hello"))
      .hasMessageContaining("invalid HTTP method");
  }

  @Test
  void optionsForAnEndpointNoHandlerServesFailTheStart() {
    MicroService service = MicroService.builder(vertx).name("routed").address("127.0.0.1:0").set("broker", "http")
      .registry(registry).handler("Say", new Routed())
      .endpoint("Say.Nothing", new EndpointOptions().setPath("^/nothing$")).build();
    assertThatThrownBy(() -> Await.result(service.start())).hasMessageContaining("Say.Nothing")
      .hasMessageContaining("Say.Hello");
  }

  @Test
  void optionsRoundTripThroughJson() {
    EndpointOptions options = new EndpointOptions().setPath("^/a$").setMethod("GET").setHost("h").setAuth(true).setHandler("web");
    assertThat(new EndpointOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }
}
