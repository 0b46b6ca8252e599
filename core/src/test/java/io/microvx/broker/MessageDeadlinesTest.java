package io.microvx.broker;

import io.microvx.client.Client;
import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.transport.HttpTransportOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines carried by messages: set by a publish inside a handler, enforced by the subscription. */
class MessageDeadlinesTest {

  /** The subscriber's and publisher's wall clock, fixed: every deadline comparison is exact. */
  private static final long NOW_MS = 1_800_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);

  private final Vertx vertx = Vertx.vertx();
  private final Broker broker = Broker.memory(vertx, new BrokerOptions());

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static Message message(String body, Long deadline) {
    Map<String, String> headers = new HashMap<>();
    if (deadline != null) {
      headers.put(Deadlines.HEADER, Long.toString(deadline));
    }
    return new Message(headers, Buffer.buffer(body));
  }

  private List<Message> subscribe(SubscribeOptions options) {
    List<Message> seen = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("jobs", event -> {
      seen.add(event.message());
      return Future.succeededFuture();
    }, options.setClock(CLOCK)));
    return seen;
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(m -> m.body().toString()).toList();
  }

  @Test
  void aMessageWhoseDeadlinePassedIsAcknowledgedUnhandledAndCounted() {
    List<Message> seen = subscribe(new SubscribeOptions());
    Await.result(broker.publish("jobs", message("late", NOW_MS - 1)));
    Await.result(broker.publish("jobs", message("at-the-deadline", NOW_MS)));
    Await.result(broker.publish("jobs", message("plain", null)));
    Await.result(broker.publish("jobs", message("in-time", NOW_MS + 1)));

    Await.until("the two that can still succeed handled", () -> seen.size() == 2 && broker.stats().expired() == 2);
    assertThat(bodies(seen)).containsExactlyInAnyOrder("plain", "in-time");
    BrokerStats stats = broker.stats();
    assertThat(stats.expired()).isEqualTo(2);
    assertThat(stats.delivered()).isEqualTo(2);
    assertThat(stats.failed()).isZero();
    assertThat(stats.retried()).isZero();
  }

  @Test
  void aMessageWithoutADeadlineIsHandledAsBefore() {
    List<Message> seen = subscribe(new SubscribeOptions());
    Await.result(broker.publish("jobs", message("plain", null)));
    Await.result(broker.publish("jobs", new Message(Map.of(Deadlines.HEADER, "not-a-number"), Buffer.buffer("unreadable"))));
    Await.until("both handled", () -> seen.size() == 2);
    assertThat(bodies(seen)).containsExactlyInAnyOrder("plain", "unreadable");
    assertThat(broker.stats().expired()).isZero();
    assertThat(Deadlines.remaining(seen.get(0), CLOCK)).isNull();
  }

  @Test
  void withDropExpiredOffAnExpiredMessageIsHandedOverAndItsDeadlineReadable() {
    List<Message> seen = subscribe(new SubscribeOptions().setDropExpired(false));
    Await.result(broker.publish("jobs", message("late", NOW_MS - 5_000)));
    Await.until("the late one handled", () -> seen.size() == 1);
    assertThat(bodies(seen)).containsExactly("late");
    assertThat(Deadlines.isExpired(seen.get(0), CLOCK)).isTrue();
    assertThat(Deadlines.remaining(seen.get(0), CLOCK)).isEqualTo(Duration.ZERO);
    assertThat(broker.stats().expired()).isZero();
  }

  @Test
  void aHandlerReadsTheTimeLeft() {
    Message message = message("m", NOW_MS + 250);
    assertThat(Deadlines.remaining(message, CLOCK)).isEqualTo(Duration.ofMillis(250));
    assertThat(Deadlines.isExpired(message, CLOCK)).isFalse();
    assertThat(Deadlines.epochMillis(message)).isEqualTo(NOW_MS + 250);
  }

  @Test
  void dropExpiredIsAnOptionLikeTheOthers() {
    assertThat(new SubscribeOptions().isDropExpired()).isTrue();
    JsonObject json = new SubscribeOptions().setDropExpired(false).toJson();
    assertThat(json.getBoolean("drop_expired")).isFalse();
    assertThat(new SubscribeOptions(json).isDropExpired()).isFalse();
    assertThat(new SubscribeOptions(new JsonObject()).isDropExpired()).isTrue();
    SubscribeOptions copied = new SubscribeOptions(new SubscribeOptions().setDropExpired(false).setClock(CLOCK));
    assertThat(copied.isDropExpired()).isFalse();
    assertThat(copied.getClock()).isSameAs(CLOCK);
  }

  /** A client publishing through the memory broker, on clocks the test sets. */
  private Client client(long nanoNow) {
    return Client.builder(vertx)
      .registry(Registry.cached(vertx, Registry.memory(vertx), new CacheOptions()))
      .transport(Transport.http(vertx, new HttpTransportOptions()))
      .broker(broker)
      .clock(() -> nanoNow)
      .wallClock(CLOCK)
      .build();
  }

  @Test
  void aPublishInsideAHandlerWith300MsLeftCarriesItsDeadlineAndTraceHeaders() {
    List<Message> seen = subscribe(new SubscribeOptions());
    long nanoNow = 42_000_000_000L;
    Client client = client(nanoNow);
    Metadata metadata = Metadata.of(Map.of(
      "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "tracestate", "vendor=1", "Tenant", "blue"));
    CallContext serving = new CallContext("orders", "Orders.Place", metadata, nanoNow + 300_000_000L, null);
    Context context = vertx.getOrCreateContext();
    Promise<Void> published = Promise.promise();
    context.runOnContext(v -> {
      serving.attach(context); // as the server does for the request it serves
      client.publish("jobs", Map.of("id", 1)).onComplete(published);
    });
    Await.result(published.future());

    Await.until("the publication delivered", () -> seen.size() == 1);
    Message message = seen.get(0);
    assertThat(message.header(Deadlines.HEADER)).isEqualTo(Long.toString(NOW_MS + 300));
    assertThat(Deadlines.remaining(message, CLOCK)).isEqualTo(Duration.ofMillis(300));
    assertThat(message.header("traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(message.header("tracestate")).isEqualTo("vendor=1");
    assertThat(message.header("Tenant")).isEqualTo("blue");
  }

  @Test
  void aPublishOutsideAnyHandlerCarriesNoDeadline() {
    List<Message> seen = subscribe(new SubscribeOptions());
    Await.result(client(0).publish("jobs", Map.of("id", 2)));
    Await.until("the publication delivered", () -> seen.size() == 1);
    assertThat(seen.get(0).header(Deadlines.HEADER)).isNull();
  }
}
