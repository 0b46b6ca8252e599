package io.microvx.nats;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.client.ClientOptions;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.selector.NodeStatus;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.RealServers;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services calling each other over the NATS transport, as over http: registered subjects as addresses,
 * metadata, errors, deadlines, and retries around a node that went away.
 */
class NatsRpcTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final List<Transport> transports = new ArrayList<>();

  @AfterEach
  void close() {
    transports.forEach(t -> Await.result(t.close()));
    Await.result(vertx.close());
  }

  private Transport transport() {
    Transport transport = NatsTransport.create(vertx, new NatsOptions().setServers(List.of(RealServers.nats())));
    transports.add(transport);
    return transport;
  }

  private MicroService start(String name, Transport transport, Object handler) {
    MicroService service = MicroService.builder(vertx).name(name).version("1.0.0").registry(registry)
      .transport(transport).set("broker", "memory").handler(handler).build();
    Await.result(service.start());
    return service;
  }

  private Client client(SelectorOptions selection) {
    return Client.builder(vertx)
      .selector(Selector.create(Registry.cached(vertx, registry, new CacheOptions()), selection))
      .transport(transport())
      .options(new ClientOptions())
      .build();
  }

  /** Echoes the call's metadata; {@code Echo.Never} never answers; {@code Echo.Fail} is a 404. */
  public static class Echo {
    public JsonObject metadata(JsonObject request, CallContext context) {
      JsonObject md = new JsonObject();
      context.metadata().forEach(md::put);
      return new JsonObject().put("metadata", md);
    }

    public Future<JsonObject> never(JsonObject request) {
      return Promise.<JsonObject>promise().future();
    }

    public Future<JsonObject> fail(JsonObject request) {
      return Future.failedFuture(MicroException.notFound("echo", "no such user"));
    }
  }

  @Test
  void aServiceRegistersItsSubjectAndIsCalledThroughIt() {
    MicroService greeter = start("greeter", transport(), new Greeting.Say());
    Node node = Await.result(registry.getService("greeter")).get(0).nodes().get(0);
    assertThat(node.address()).startsWith("_INBOX.").isEqualTo(greeter.server().address());
    assertThat(node.metadata()).containsEntry("transport", "nats");
    Greeting.Response reply = Await.result(client(new SelectorOptions()).call("greeter", "Say.Hello",
      new Greeting.Request("Ada"), Greeting.Response.class));
    assertThat(reply.msg()).isEqualTo("Hello Ada");
  }

  @Test
  void metadataErrorsAndDeadlinesCrossNats() {
    start("echo", transport(), new Echo());
    Client client = client(new SelectorOptions());
    JsonObject echoed = Await.result(client.call("echo", "Echo.Metadata", new JsonObject(), JsonObject.class,
      new CallOptions().addMetadata("X-User", "ada")));
    assertThat(echoed.getJsonObject("metadata").getString("X-User")).isEqualTo("ada");

    MicroException notFound = (MicroException) Await.failure(client.call("echo", "Echo.Fail", new JsonObject(), JsonObject.class));
    assertThat(notFound.code()).isEqualTo(404);
    assertThat(notFound.detail()).isEqualTo("no such user");

    MicroException unknown = (MicroException) Await.failure(client.call("echo", "Echo.Nothing", new JsonObject(), JsonObject.class));
    assertThat(unknown.code()).isEqualTo(404);

    long start = System.nanoTime();
    MicroException late = (MicroException) Await.failure(client.call("echo", "Echo.Never", new JsonObject(), JsonObject.class,
      new CallOptions().setTimeout(Duration.ofMillis(400)).setRetries(0)));
    assertThat(late.code()).isEqualTo(408);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aNodeWhoseSubjectHasNoRespondersIsRetriedAroundAndEjected() {
    List<Transport> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Transport transport = transport();
      nodes.add(transport);
      start("greeter", transport, new Greeting.Say());
    }
    Client client = client(new SelectorOptions().setEjectionFailures(3));
    Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("warm"), Greeting.Response.class));

    // the node's connection is gone, its registration is not: NATS answers "no responders"
    Await.result(nodes.get(0).close());
    for (int i = 0; i < 60; i++) {
      assertThat(Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Bo"), Greeting.Response.class)).msg())
        .isEqualTo("Hello Bo");
    }
    assertThat(Await.result(registry.getService("greeter")).get(0).nodes()).as("still registered").hasSize(3);
    assertThat(selectorOf(client).status("greeter")).filteredOn(NodeStatus::ejected).hasSize(1);
  }

  private static Selector selectorOf(Client client) {
    try {
      java.lang.reflect.Field field = client.getClass().getDeclaredField("selector");
      field.setAccessible(true);
      return (Selector) field.get(client);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRequestLargerThanTheServersMaxPayloadIsA413() {
    MicroService greeter = start("greeter", transport(), new Greeting.Say());
    String big = "x".repeat(2 * 1024 * 1024);
    MicroException refused = (MicroException) Await.failure(client(new SelectorOptions()).call("greeter", "Say.Hello",
      new Greeting.Request(big), Greeting.Response.class));
    assertThat(refused.code()).isEqualTo(413);
    assertThat(refused.detail()).contains("max_payload");
    assertThat(greeter.server().address()).isNotBlank();
  }
}
