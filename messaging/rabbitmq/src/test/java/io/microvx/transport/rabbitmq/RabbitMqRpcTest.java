package io.microvx.transport.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.client.ClientOptions;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.plugin.Plugins;
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
import io.microvx.testing.TcpGate;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services calling each other over the RabbitMQ transport, as over http: registered queue names as
 * addresses, metadata, errors, deadlines (as expiry in the queue too), retries around a node that went
 * away, and calls working again after the connection to RabbitMQ was cut.
 */
class RabbitMqRpcTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final List<Transport> transports = new ArrayList<>();

  @AfterEach
  void close() {
    transports.forEach(t -> Await.result(t.close()));
    Await.result(vertx.close());
  }

  private Transport transport() {
    return transport(RealServers.rabbitmq(), 0);
  }

  private Transport transport(String uri, int prefetch) {
    Transport transport = RabbitMqTransport.create(vertx, new RabbitMqBrokerOptions().setUri(uri).setPrefetch(prefetch)
      .setReconnectInterval(Duration.ofMillis(200)));
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
    return client(selection, transport());
  }

  private Client client(SelectorOptions selection, Transport transport) {
    return Client.builder(vertx)
      .selector(Selector.create(Registry.cached(vertx, registry, new CacheOptions()), selection))
      .transport(transport)
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
  void theProviderIsFoundByName() {
    Transport found = Plugins.transport(vertx, "rabbitmq", new JsonObject()
      .put("broker", "rabbitmq").put("broker_address", RealServers.rabbitmq()));
    transports.add(found);
    assertThat(found).isInstanceOf(RabbitMqTransport.class);
    assertThat(found.name()).isEqualTo("rabbitmq");
    MicroService greeter = start("greeter", found, new Greeting.Say());
    assertThat(Await.result(client(new SelectorOptions()).call("greeter", "Say.Hello", new Greeting.Request("Ada"),
      Greeting.Response.class)).msg()).as("the broker's address used").isEqualTo("Hello Ada");
    assertThat(greeter.server().address()).isNotBlank();
  }

  @Test
  void aServiceRegistersItsQueueAndIsCalledThroughIt() {
    MicroService greeter = start("greeter", transport(), new Greeting.Say());
    Node node = Await.result(registry.getService("greeter")).get(0).nodes().get(0);
    assertThat(node.address()).isEqualTo(greeter.server().address()).matches("[0-9a-f-]{36}");
    assertThat(node.metadata()).containsEntry("transport", "rabbitmq");
    Greeting.Response reply = Await.result(client(new SelectorOptions()).call("greeter", "Say.Hello",
      new Greeting.Request("Ada"), Greeting.Response.class));
    assertThat(reply.msg()).isEqualTo("Hello Ada");
  }

  @Test
  void metadataErrorsAndDeadlinesCrossRabbitMq() {
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

    MicroException late = (MicroException) Await.failure(client.call("echo", "Echo.Never", new JsonObject(), JsonObject.class,
      new CallOptions().setTimeout(Duration.ofMillis(400)).setRetries(0)));
    assertThat(late.code()).isEqualTo(408);
  }

  /** Holds every request of the first name until released; records the names it saw. */
  public static class Holding {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final Promise<JsonObject> release = Promise.promise();

    public Future<JsonObject> hold(JsonObject request) {
      seen.add(request.getString("name"));
      return "first".equals(request.getString("name")) ? release.future() : Future.succeededFuture(request);
    }
  }

  @Test
  void aRequestThatWaitedInTheQueuePastItsDeadlineIsNeverHandled() throws Exception {
    Holding holding = new Holding();
    // one request at a time: the second waits in the queue behind the first
    MicroService service = start("holding", transport(RealServers.rabbitmq(), 1), holding);
    Client client = client(new SelectorOptions());
    Future<JsonObject> first = client.call("holding", "Holding.Hold", new JsonObject().put("name", "first"), JsonObject.class,
      new CallOptions().setTimeout(Duration.ofSeconds(60)).setRetries(0));
    Await.until("the first request with the handler", () -> holding.seen.contains("first"));
    MicroException late = (MicroException) Await.failure(client.call("holding", "Holding.Hold",
      new JsonObject().put("name", "second"), JsonObject.class, new CallOptions().setTimeout(Duration.ofMillis(300)).setRetries(0)));
    assertThat(late.code()).isEqualTo(408);
    // the server drops the expired request: the queue is empty again while the first is still held
    try (Connection admin = adminConnection()) {
      Channel channel = admin.createChannel();
      Await.until("the expired request to leave the queue", () -> messages(channel, service.server().address()) == 0);
    }
    holding.release.complete(new JsonObject().put("name", "first"));
    Await.result(first);
    Await.result(client.call("holding", "Holding.Hold", new JsonObject().put("name", "third"), JsonObject.class));
    assertThat(holding.seen).containsExactly("first", "third");
  }

  private static Connection adminConnection() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(RealServers.rabbitmq());
    return factory.newConnection("test-admin");
  }

  private static long messages(Channel channel, String queue) {
    try {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aNodeWhoseQueueIsGoneIsRetriedAroundAndEjected() {
    List<Transport> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Transport transport = transport();
      nodes.add(transport);
      start("greeter", transport, new Greeting.Say());
    }
    Client client = client(new SelectorOptions().setEjectionFailures(3));
    Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("warm"), Greeting.Response.class));

    // the node's connection is gone, and its queue with it; its registration is not: RabbitMQ returns
    // what is sent there at once (mandatory, no route)
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
  void callsWorkAgainAfterTheConnectionsToRabbitMqWereCut() {
    URI uri = URI.create(RealServers.rabbitmq());
    TcpGate gate = TcpGate.open(vertx, uri.getHost() + ":" + uri.getPort());
    String through = "amqp://guest:guest@" + gate.address();
    start("greeter", transport(through, 0), new Greeting.Say());
    Client client = client(new SelectorOptions(), transport(through, 0));
    Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("before"), Greeting.Response.class));

    gate.takeDown();
    MicroException down = (MicroException) Await.failure(client.call("greeter", "Say.Hello", new Greeting.Request("down"),
      Greeting.Response.class, new CallOptions().setRetries(0)));
    assertThat(down.code()).isEqualTo(503);
    gate.bringBack();
    // both connections recover by themselves: the server's queue, binding and consumer are declared again
    Await.until("a call to go through again", Duration.ofSeconds(60), () -> {
      Future<Greeting.Response> call = client.call("greeter", "Say.Hello", new Greeting.Request("after"),
        Greeting.Response.class, new CallOptions().setTimeout(Duration.ofSeconds(5)).setRetries(0));
      return Await.result(call.recover(e -> Future.succeededFuture(null)), Duration.ofSeconds(10)) != null;
    });
  }

  @Test
  void shuttingDownAServerAnswersWhatItHoldsAndSendsNewCallersElsewhere() {
    List<io.microvx.transport.ServerExchange> held = new CopyOnWriteArrayList<>();
    io.microvx.transport.TransportServer server = Await.result(transport().listen(null, new io.microvx.transport.TransportHandler() {
      @Override
      public void request(io.microvx.transport.ServerExchange exchange) {
        held.add(exchange);
      }

      @Override
      public void stream(io.microvx.transport.TransportStream stream) {
      }
    }));
    Transport caller = transport();
    Future<io.microvx.transport.Message> inProgress = caller.request(server.address(),
      io.microvx.transport.Message.of(io.vertx.core.buffer.Buffer.buffer("first")), Duration.ofSeconds(30));
    Await.until("the request with the handler", () -> held.size() == 1);

    Future<Void> shutdown = server.shutdown(Duration.ofSeconds(30));
    // no new requests: the queue went with its consumer, so a new caller is told at once nobody listens there
    Await.until("the queue to be gone", () -> {
      Throwable refused = Await.failure(caller.request(server.address(),
        io.microvx.transport.Message.of(io.vertx.core.buffer.Buffer.buffer("later")), Duration.ofSeconds(2)));
      return refused instanceof io.microvx.transport.TransportException e && e.code() == 503;
    });
    // a "later" published before RabbitMQ took the cancel was delivered: the server holds it too, as it should
    int heldWhenGone = held.size();
    assertThat(shutdown.isComplete()).as("still waiting for the request it holds").isFalse();
    vertx.runOnContext(v -> held.forEach(exchange ->
      exchange.reply(io.microvx.transport.Message.of(io.vertx.core.buffer.Buffer.buffer("answered")))));
    assertThat(Await.result(inProgress).body().toString()).isEqualTo("answered");
    Await.result(shutdown);
    assertThat(held).as("nothing delivered once the queue was gone").hasSize(heldWhenGone);
  }

  @Test
  void anUnreachableServerOrRefusedCredentialsFailWithOneLine() {
    int nobody = RealServers.freePort();
    MicroException unreachable = (MicroException) Await.failure(transport("amqp://guest:guest@127.0.0.1:" + nobody, 0)
      .listen(null, new io.microvx.transport.TransportHandler() {
        @Override
        public void request(io.microvx.transport.ServerExchange exchange) {
        }

        @Override
        public void stream(io.microvx.transport.TransportStream stream) {
        }
      }));
    assertThat(unreachable.code()).isEqualTo(503);
    assertThat(unreachable.detail()).startsWith("rabbitmq at amqp://127.0.0.1:" + nobody + " cannot be reached").doesNotContain("\n");

    URI uri = URI.create(RealServers.rabbitmq());
    MicroException refused = (MicroException) Await.failure(transport("amqp://guest:wrong@" + uri.getHost() + ":" + uri.getPort(), 0)
      .request("somewhere", io.microvx.transport.Message.of(io.vertx.core.buffer.Buffer.buffer()), Duration.ofSeconds(5)));
    assertThat(refused.code()).isEqualTo(503);
    assertThat(refused.detail()).contains("refused the credentials of user guest").doesNotContain("wrong").doesNotContain("\n");
  }
}
