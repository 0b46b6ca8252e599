package io.microvx.server;

import io.microvx.broker.BrokerStats;
import io.microvx.broker.Event;
import io.microvx.broker.SubscribeOptions;
import io.microvx.client.CallOptions;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed subscribers of services and publishing clients, over the default http broker. */
class SubscriberTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  public record Signup(String email, int plan) {
  }

  /** Records each typed message with the metadata it came with. */
  public static class Welcomer {
    final List<Signup> seen = new CopyOnWriteArrayList<>();
    final List<String> tenants = new CopyOnWriteArrayList<>();

    public void welcome(Signup signup, CallContext context) {
      seen.add(signup);
      tenants.add(String.valueOf(context.metadata().get("Tenant")));
    }
  }

  private MicroService subscriberService(Welcomer welcomer, SubscribeOptions options) {
    return TestServices.start(vertx, registry, "mailer", b -> b.subscriber("user.signup", welcomer, options));
  }

  private MicroService publisherService() {
    return TestServices.start(vertx, registry, "accounts", b -> { });
  }

  private void awaitSubscribers(MicroService publisher, int count) {
    Await.until(count + " subscriber(s) in the publisher's cache", () ->
      Await.result(publisher.registry().getService("go.micro.http.broker")).stream()
        .mapToLong(s -> s.nodes().size()).sum() == count);
  }

  @Test
  void aPublishedObjectReachesATypedSubscriberWithItsMetadata() {
    Welcomer welcomer = new Welcomer();
    subscriberService(welcomer, new SubscribeOptions());
    MicroService accounts = publisherService();
    awaitSubscribers(accounts, 1);

    Await.result(accounts.client().publish("user.signup", new Signup("ada@example.com", 2),
      new CallOptions().addMetadata("Tenant", "blue")));
    Await.until("the welcome", () -> welcomer.seen.size() == 1);
    assertThat(welcomer.seen.get(0)).isEqualTo(new Signup("ada@example.com", 2));
    assertThat(welcomer.tenants).containsExactly("blue");
    assertThat(accounts.broker().stats().published()).isEqualTo(1);
  }

  @Test
  void subscribersAreListedAsGoMicroListsThemAndGoAwayOnStop() {
    MicroService mailer = subscriberService(new Welcomer(), new SubscribeOptions());
    Endpoint endpoint = mailer.server().service().endpoint("Welcomer.Welcome");
    assertThat(endpoint.metadata()).containsEntry("topic", "user.signup").containsEntry("subscriber", "true");
    assertThat(endpoint.request().values()).extracting(v -> v.name()).containsExactly("email", "plan");
    assertThat(Await.result(registry.getService("go.micro.http.broker"))).hasSize(1);

    Await.result(mailer.stop());
    assertThat(Await.result(registry.getService("go.micro.http.broker"))).isEmpty();
    assertThat(Await.result(registry.getService("mailer"))).isEmpty();
  }

  @Test
  void aMessageThatDoesNotDecodeIsSetAsideAndCounted() {
    Welcomer welcomer = new Welcomer();
    MicroService mailer = subscriberService(welcomer, new SubscribeOptions());
    MicroService accounts = publisherService();
    awaitSubscribers(accounts, 1);

    Await.result(accounts.client().publish("user.signup", Buffer.buffer("{\"email\": ")));
    Await.result(accounts.client().publish("user.signup", new Signup("bo@example.com", 1)));
    Await.until("the good message", () -> welcomer.seen.size() == 1);
    assertThat(welcomer.seen).containsExactly(new Signup("bo@example.com", 1));
    assertThat(mailer.server().stats().errors()).isEqualTo(1);
    BrokerStats stats = mailer.broker().stats();
    assertThat(stats.delivered()).as("both deliveries were taken").isEqualTo(2);
    assertThat(stats.retried()).as("redelivering garbage would not help").isZero();
  }

  @Test
  void aQueueGroupOfInstancesHandlesEachMessageOnce() {
    Welcomer first = new Welcomer();
    Welcomer second = new Welcomer();
    subscriberService(first, new SubscribeOptions().setQueue("mailer"));
    subscriberService(second, new SubscribeOptions().setQueue("mailer"));
    MicroService accounts = publisherService();
    awaitSubscribers(accounts, 2);
    for (int i = 0; i < 200; i++) {
      Await.result(accounts.client().publish("user.signup", new Signup("u" + i + "@example.com", 1)));
    }
    Await.until("200 welcomes", () -> first.seen.size() + second.seen.size() == 200);
    assertThat(first.seen).isNotEmpty().doesNotContainAnyElementsOf(second.seen);
    assertThat(second.seen).isNotEmpty();
  }

  @Test
  void publicationsOverTheTransportAreRoutedByMicroTopic() {
    Welcomer welcomer = new Welcomer();
    MicroService mailer = subscriberService(welcomer, new SubscribeOptions());
    Node node = mailer.server().service().nodes().get(0);
    WebClient web = WebClient.create(vertx);

    HttpResponse<Buffer> reply = Await.result(web.post(node.port(), node.host(), "/")
      .putHeader("Content-Type", "application/json")
      .putHeader("Micro-Topic", "user.signup")
      .putHeader("Micro-Id", "9c0e")
      .sendBuffer(Buffer.buffer("{\"email\":\"cy@example.com\",\"plan\":3}")));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.getHeader("Micro-Error")).isNull();
    assertThat(welcomer.seen).containsExactly(new Signup("cy@example.com", 3));

    HttpResponse<Buffer> nobody = Await.result(web.post(node.port(), node.host(), "/")
      .putHeader("Micro-Topic", "user.deleted").sendBuffer(Buffer.buffer("{}")));
    assertThat(MicroException.parse(nobody.getHeader("Micro-Error")).code()).isEqualTo(404);
  }

  /** Settles by hand: acknowledges a signup once it was stored, asks for it again otherwise. */
  public static class ManualWelcomer {
    final List<Event> events = new CopyOnWriteArrayList<>();

    public void welcome(Signup signup, Event event) {
      events.add(event);
    }
  }

  @Test
  void aSubscriberTakingTheEventSettlesItWhenItSays() {
    ManualWelcomer welcomer = new ManualWelcomer();
    MicroService mailer = TestServices.start(vertx, registry, "mailer",
      b -> b.subscriber("user.signup", welcomer, new SubscribeOptions().setAutoAck(false)));
    MicroService accounts = publisherService();
    awaitSubscribers(accounts, 1);
    Await.result(accounts.client().publish("user.signup", new Signup("di@example.com", 1)));
    Await.until("the delivery", () -> welcomer.events.size() == 1);
    assertThat(mailer.broker().stats().delivered()).as("not acknowledged by the method returning").isZero();

    Await.result(welcomer.events.get(0).nack(java.time.Duration.ZERO));
    Await.until("the message again", () -> welcomer.events.size() == 2);
    Await.result(welcomer.events.get(1).ack());
    assertThat(mailer.broker().stats().delivered()).isEqualTo(1);
    assertThat(mailer.broker().stats().failed()).isEqualTo(1);
  }

  @Test
  void withoutAutoAckASubscriberThatCannotSeeTheEventIsRefusedAtStartUp() {
    assertThatThrownBy(() -> TestServices.start(vertx, registry, "mailer",
      b -> b.subscriber("user.signup", new Welcomer(), new SubscribeOptions().setAutoAck(false))))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("Welcomer.Welcome of user.signup")
      .hasMessageContaining("auto_ack is off")
      .hasMessageContaining("Event");
  }

  @Test
  void debugStatsReportTheBrokersCounters() {
    MicroService accounts = publisherService();
    Await.result(accounts.client().publish("nobody.listens", new Signup("x", 0)));
    JsonObject stats = Await.result(accounts.client().call("accounts", "Debug.Stats", new JsonObject(), JsonObject.class));
    JsonObject broker = stats.getJsonObject("broker");
    assertThat(broker.getLong("published")).isEqualTo(1);
    assertThat(broker.getLong("unrouted")).isEqualTo(1);
    assertThat(broker.fieldNames()).contains("delivered", "failed", "retried", "dropped");
  }

  @Test
  void theRegisteredNodeNamesTheBrokerInUse() {
    MicroService accounts = publisherService();
    Service service = Await.result(registry.getService("accounts")).get(0);
    assertThat(service.nodes().get(0).metadata()).containsEntry("broker", "http");
    assertThat(accounts.broker().address()).startsWith("127.0.0.1:");
  }

  /** Greets each signup through another service: calls made by a subscriber are calls, not publications. */
  public static class Relay {
    final List<String> greetings = new CopyOnWriteArrayList<>();
    final List<String> metadata = new CopyOnWriteArrayList<>();
    private final java.util.function.Supplier<io.microvx.client.Client> client;

    Relay(java.util.function.Supplier<io.microvx.client.Client> client) {
      this.client = client;
    }

    public io.vertx.core.Future<Void> relay(Signup signup, CallContext context) {
      metadata.add(String.join(",", new java.util.TreeSet<>(context.metadata().asMap().keySet())));
      return client.get().call("greeter", "Say.Hello", new io.microvx.testing.Greeting.Request(signup.email()),
        io.microvx.testing.Greeting.Response.class).map(r -> {
          greetings.add(r.msg());
          return null;
        });
    }
  }

  @Test
  void aSubscriberCallingAnotherServiceMakesACallNotAPublication() {
    TestServices.start(vertx, registry, "greeter", new io.microvx.testing.Greeting.Say());
    MicroService[] relayService = new MicroService[1];
    Relay relay = new Relay(() -> relayService[0].client());
    relayService[0] = TestServices.start(vertx, registry, "relay", b -> b.subscriber("user.signup", relay));
    MicroService accounts = publisherService();
    awaitSubscribers(accounts, 1);
    for (int i = 0; i < 3; i++) {
      Await.result(accounts.client().publish("user.signup", new Signup("u" + i, 1), new CallOptions().addMetadata("Tenant", "t")));
    }
    Await.until("three greetings", () -> relay.greetings.size() == 3);
    assertThat(relay.greetings).containsExactlyInAnyOrder("Hello u0", "Hello u1", "Hello u2");
    assertThat(relay.metadata).allMatch(keys -> keys.equals("Tenant"));
  }
}
