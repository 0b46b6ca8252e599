package io.microvx.interop;

import io.microvx.client.CallOptions;
import io.microvx.gateway.Gateway;
import io.microvx.gateway.GatewayOptions;
import io.microvx.interop.GoPeers.Peer;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go and Java services registered in one etcd (go-micro's etcd registry on the Go side, the etcd plugin
 * on ours): each finds the other's nodes and endpoints and calls it by name, and the Java gateway routes
 * to a Go service.
 */
class EtcdInteropIT {

  private static final List<String> VERSIONS = GoPeers.VERSIONS;

  private final String etcd = RealServers.etcd();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final GoPeers go = new GoPeers();
  private final JavaSide java = JavaSide.etcd(etcd);

  @AfterEach
  void close() {
    go.close();
    java.close();
  }

  private List<String> etcdArgs(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--registry", "etcd", "--registry_address", etcd));
    args.addAll(List.of(more));
    return args;
  }

  private Peer goGreeter(String version, String name) {
    return go.start(version, "greeter", Map.of("GREETER_NAME", name), etcdArgs());
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaFindsGoServiceWithItsEndpointsAndCallsItByName(String version) {
    String name = "go.greeter." + run;
    Peer greeter = goGreeter(version, name);
    MicroService javaService = java.greeter("java.greeter." + run, new JavaGreeter.Say(java.vertx, "java"));

    List<Service> found = Await.result(javaService.registry().getService(name));
    assertThat(found).singleElement().satisfies(service -> {
      assertThat(service.version()).isEqualTo("go-" + version);
      assertThat(service.nodes()).singleElement().satisfies(node -> {
        assertThat(node.id()).isEqualTo(greeter.nodeId());
        assertThat(node.address()).isEqualTo(greeter.address());
        assertThat(node.metadata()).containsEntry("protocol", "mucp").containsEntry("registry", "etcd");
      });
      assertThat(service.endpoints()).extracting(Endpoint::name).contains("Say.Hello", "Say.Fail", "Say.Slow", "Proto.Hello");
      Endpoint hello = service.endpoints().stream().filter(e -> e.name().equals("Say.Hello")).findFirst().orElseThrow();
      assertThat(hello.request().name()).isEqualTo("HelloRequest");
      assertThat(hello.request().values()).anySatisfy(field -> assertThat(field.name()).isEqualTo("name"));
    });
    List<String> names = Await.result(javaService.registry().listServices()).stream().map(Service::name).toList();
    assertThat(names).contains(name);

    JavaGreeter.HelloResponse reply = Await.result(javaService.client().call(name, "Say.Hello",
      new JavaGreeter.HelloRequest("Ada"), JavaGreeter.HelloResponse.class, new CallOptions()));
    assertThat(reply.msg()).isEqualTo("Hello Ada");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goFindsJavaServiceWithItsEndpointsAndCallsItByName(String version) {
    String name = "java.greeter." + run;
    MicroService javaService = java.greeter(name, new JavaGreeter.Say(java.vertx, name));

    JsonArray services = go.run(version, "call", etcdArgs("--list")).getJsonArray("services");
    JsonObject seen = services.stream().map(JsonObject.class::cast).filter(s -> name.equals(s.getString("name")))
      .findFirst().orElseThrow(() -> new AssertionError(name + " not in the Go client's registry: " + services));
    assertThat(seen.getString("version")).isEqualTo("java");
    JsonObject node = seen.getJsonArray("nodes").getJsonObject(0);
    assertThat(node.getString("address")).isEqualTo(javaService.server().address());
    assertThat(node.getJsonObject("metadata").getString("protocol")).isEqualTo("mucp");
    JsonObject hello = seen.getJsonArray("endpoints").stream().map(JsonObject.class::cast)
      .filter(e -> "Say.Hello".equals(e.getString("name"))).findFirst().orElseThrow();
    assertThat(hello.getJsonObject("request").getString("name")).isEqualTo("HelloRequest");

    JsonObject out = go.run(version, "call", etcdArgs("--service", name, "--request", "{\"name\":\"Ada\"}"));
    assertThat(out.getJsonObject("reply")).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaGatewayRoutesToGoGreeter(String version) {
    String namespace = "interop" + run;
    goGreeter(version, namespace + ".greeter");
    Gateway gateway = Gateway.builder(java.vertx)
      .options(new GatewayOptions().setAddress("127.0.0.1:0").setNamespace(namespace))
      .config(new JsonObject().put("registry", "etcd").put("registry_address", etcd))
      .build();
    Await.result(gateway.start());
    try {
      WebClient web = WebClient.create(java.vertx);
      HttpResponse<Buffer> reply = Await.result(web.post(gateway.port(), "127.0.0.1", "/greeter/say/hello")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\":\"Ada\"}")), Duration.ofSeconds(30));
      assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
      assertThat(reply.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msg", "Hello Ada"));

      HttpResponse<Buffer> failed = Await.result(web.post(gateway.port(), "127.0.0.1", "/greeter/say/hello")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{}")), Duration.ofSeconds(30));
      assertThat(failed.statusCode()).isEqualTo(400);
      assertThat(failed.bodyAsJsonObject().getString("detail")).isEqualTo("a name is required");
    } finally {
      Await.result(gateway.stop());
    }
  }
}
