package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The http broker's go-micro wire and registry layout, and what it does when a subscriber's process dies. */
class HttpBrokerWireTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final List<Vertx> processes = new ArrayList<>();

  @AfterEach
  void close() {
    processes.forEach(p -> Await.result(p.close()));
    Await.result(vertx.close());
  }

  private Broker broker(Vertx on) {
    CachingRegistry cache = Registry.cached(on, registry, new CacheOptions());
    Broker broker = Broker.http(on, cache, new BrokerOptions().setAddress("127.0.0.1:0"), 64 * 1024);
    Await.result(broker.connect());
    return broker;
  }

  private List<Node> subscriberNodes(String topic) {
    return Await.result(registry.getService("go.micro.http.broker")).stream().flatMap(s -> s.nodes().stream())
      .filter(n -> topic.equals(n.metadata().get("topic"))).toList();
  }

  @Test
  void subscriptionsRegisterAsGoMicroDoes() {
    Broker broker = broker(vertx);
    Await.result(broker.subscribe("orders", e -> Future.succeededFuture(), new SubscribeOptions().setQueue("billing")));
    Subscriber everyone = Await.result(broker.subscribe("orders", e -> Future.succeededFuture()));

    List<Service> services = Await.result(registry.getService("go.micro.http.broker"));
    assertThat(services).extracting(Service::version).containsExactlyInAnyOrder("billing", "ff.http.broadcast");
    for (Service service : services) {
      Node node = service.nodes().get(0);
      assertThat(node.id()).startsWith("orders-").hasSize("orders-".length() + 36);
      assertThat(node.address()).isEqualTo(broker.address()).startsWith("127.0.0.1:");
      assertThat(node.metadata()).containsEntry("broker", "http").containsEntry("topic", "orders")
        .containsEntry("secure", "false");
    }

    Await.result(everyone.unsubscribe());
    assertThat(Await.result(registry.getService("go.micro.http.broker"))).extracting(Service::version)
      .containsExactly("billing");
  }

  @Test
  void aGoPublishersEnvelopeIsDelivered() {
    Broker broker = broker(vertx);
    List<Event> received = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("greetings", e -> {
      received.add(e);
      return Future.succeededFuture();
    }));
    Node node = subscriberNodes("greetings").get(0);
    JsonObject envelope = new JsonObject()
      .put("Header", new JsonObject().put("Content-Type", "application/json").put("Micro-Topic", "greetings")
        .put("Micro-Id", "0a1b").put("X-From", "go").put(":topic", "greetings"))
      .put("Body", Base64.getEncoder().encodeToString("{\"name\":\"Ada\"}".getBytes()));
    HttpResponse<Buffer> reply = Await.result(WebClient.create(vertx)
      .post(node.port(), node.host(), "/_sub?id=" + node.id()).sendJsonObject(envelope));

    assertThat(reply.statusCode()).isEqualTo(200);
    Event event = received.get(0);
    assertThat(event.topic()).isEqualTo("greetings");
    assertThat(event.message().body().toString()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(event.message().headers()).containsEntry("X-From", "go").containsEntry("Micro-Id", "0a1b")
      .doesNotContainKey(":topic");
  }

  @Test
  void ourPublicationsReachAGoSubscriberInGoMicrosEnvelope() {
    List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
    List<String> uris = new CopyOnWriteArrayList<>();
    HttpServer goSubscriber = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      uris.add(request.method() + " " + request.uri());
      envelopes.add(body.toJsonObject());
      request.response().end();
    }));
    int port = Await.result(goSubscriber.listen(0, "127.0.0.1")).actualPort();
    Node node = new Node("greetings-2f0c5e7e-8a61-4b43-9d3e-000000000001", "127.0.0.1:" + port,
      Map.of("broker", "http", "topic", "greetings", "secure", "false"));
    Await.result(registry.register(new Service("go.micro.http.broker", "ff.http.broadcast", List.of(node))));

    Broker publisher = broker(vertx);
    Await.result(publisher.publish("greetings", new Message(Map.of("Content-Type", "application/json",
      "Micro-Topic", "greetings", "Micro-Id", "abc"), Buffer.buffer("{\"name\":\"Bo\"}"))));
    Await.until("the Go subscriber to get it", () -> envelopes.size() == 1);

    assertThat(uris.get(0)).isEqualTo("POST /_sub?id=" + node.id());
    JsonObject header = envelopes.get(0).getJsonObject("Header");
    assertThat(header.getString(":topic")).isEqualTo("greetings");
    assertThat(header.getString("Content-Type")).isEqualTo("application/json");
    assertThat(header.getString("Micro-Id")).isEqualTo("abc");
    assertThat(new String(Base64.getDecoder().decode(envelopes.get(0).getString("Body")))).isEqualTo("{\"name\":\"Bo\"}");
  }

  /**
   * go-micro v5's dialect: subscriptions in {@code micro.http.broker}, deliveries POSTed to {@code /?id=}
   * with the topic only in {@code Micro-Topic}; its receivers read the topic from there alone.
   */
  @Test
  void goMicroV5sDialectBothWays() {
    CachingRegistry cache = Registry.cached(vertx, registry, new CacheOptions());
    Broker broker = Broker.http(vertx, cache, new BrokerOptions(new JsonObject().put("broker_address", "127.0.0.1:0")
      .put("broker_http_service", "micro.http.broker")), 64 * 1024);
    List<Event> received = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("greetings", e -> {
      received.add(e);
      return Future.succeededFuture();
    }));
    assertThat(Await.result(registry.getService("go.micro.http.broker"))).isEmpty();
    Node node = Await.result(registry.getService("micro.http.broker")).get(0).nodes().get(0);

    JsonObject v5Envelope = new JsonObject()
      .put("Header", new JsonObject().put("Content-Type", "application/json").put("Micro-Topic", "greetings"))
      .put("Body", Base64.getEncoder().encodeToString("{\"name\":\"Ada\"}".getBytes()));
    HttpResponse<Buffer> reply = Await.result(WebClient.create(vertx)
      .post(node.port(), node.host(), "/?id=" + node.id()).sendJsonObject(v5Envelope));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(received).singleElement().satisfies(e -> {
      assertThat(e.topic()).isEqualTo("greetings");
      assertThat(e.message().body().toString()).isEqualTo("{\"name\":\"Ada\"}");
    });

    List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
    HttpServer goSubscriber = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      envelopes.add(body.toJsonObject());
      request.response().end();
    }));
    int port = Await.result(goSubscriber.listen(0, "127.0.0.1")).actualPort();
    Node goNode = new Node("orders-2f0c5e7e-8a61-4b43-9d3e-000000000002", "127.0.0.1:" + port,
      Map.of("broker", "http", "topic", "orders", "secure", "false"));
    Await.result(registry.register(new Service("micro.http.broker", "ff.http.broadcast", List.of(goNode))));
    Await.result(broker.publish("orders", new Message(Map.of("Content-Type", "application/json"), Buffer.buffer("{}"))));
    Await.until("the Go v5 subscriber to get it", () -> envelopes.size() == 1);
    assertThat(envelopes.get(0).getJsonObject("Header").getString("Micro-Topic")).isEqualTo("orders");
  }

  @Test
  void aQueueMemberWhoseProcessDiedLosesNoMessages() {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    List<Vertx> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Vertx member = Vertx.vertx();
      processes.add(member);
      members.add(member);
      Await.result(broker(member).subscribe("jobs", e -> {
        counts.computeIfAbsent(e.message().body().toString(), k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        return Future.succeededFuture();
      }, new SubscribeOptions().setQueue("workers")));
    }
    Broker publisher = broker(vertx);
    Vertx dead = members.get(0);
    Await.result(dead.close()); // gone without unsubscribing: its node stays registered
    processes.remove(dead);
    assertThat(subscriberNodes("jobs")).hasSize(3);

    for (int i = 0; i < 300; i++) {
      Await.result(publisher.publish("jobs", new Message(Map.of(), Buffer.buffer("j" + i))));
    }
    Await.until("all 300 jobs to be handled", () -> total.get() >= 300);
    assertThat(counts).hasSize(300);
    assertThat(counts.values()).allMatch(c -> c.get() == 1);
    assertThat(publisher.stats().dropped()).isZero();
    assertThat(publisher.stats().failed()).as("the dead member was tried and skipped").isPositive();
  }

  @Test
  void badDeliveriesGetClearErrors() {
    Broker broker = broker(vertx);
    Await.result(broker.subscribe("t", e -> Future.succeededFuture()));
    Node node = subscriberNodes("t").get(0);
    WebClient web = WebClient.create(vertx);

    HttpResponse<Buffer> get = Await.result(web.get(node.port(), node.host(), "/_sub?id=" + node.id()).send());
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<Buffer> notJson = Await.result(web.post(node.port(), node.host(), "/_sub?id=" + node.id())
      .sendBuffer(Buffer.buffer("{nope")));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(MicroException.parse(notJson.bodyAsString()).detail()).contains("not a JSON envelope");
    HttpResponse<Buffer> unknown = Await.result(web.post(node.port(), node.host(), "/_sub?id=nobody")
      .sendJsonObject(new JsonObject().put("Header", new JsonObject().put(":topic", "t")).put("Body", "")));
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> huge = Await.result(web.post(node.port(), node.host(), "/_sub?id=" + node.id())
      .sendBuffer(Buffer.buffer("x".repeat(70_000))));
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> fine = Await.result(web.post(node.port(), node.host(), "/_sub?id=" + node.id())
      .sendJsonObject(new JsonObject().put("Header", new JsonObject().put(":topic", "t")).put("Body", "aGk=")));
    assertThat(fine.statusCode()).as("still serving").isEqualTo(200);
  }
}
