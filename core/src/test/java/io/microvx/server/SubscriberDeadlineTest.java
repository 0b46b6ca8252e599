package io.microvx.server;

import io.microvx.broker.Deadlines;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.metadata.CallContext;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Typed subscribers of a service and message deadlines, over the http broker. */
class SubscriberDeadlineTest {

  private static final long NOW_MS = 1_800_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  public record Job(String name) {
  }

  /** Records each job with the time its context says is left. */
  public static class Worker {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Duration> remaining = new CopyOnWriteArrayList<>();

    public void work(Job job, CallContext context) {
      seen.add(job.name());
      Duration left = context.remaining();
      remaining.add(left == null ? Duration.ofDays(-1) : left);
    }
  }

  private MicroService worker(Worker worker, SubscribeOptions options) {
    return TestServices.start(vertx, registry, "worker", b -> b.subscriber("jobs", worker, options.setClock(CLOCK)));
  }

  private MicroService publisher() {
    MicroService publisher = TestServices.start(vertx, registry, "boss", b -> { });
    Await.until("the subscriber in the publisher's cache", () ->
      Await.result(publisher.registry().getService("go.micro.http.broker")).stream()
        .mapToLong(s -> s.nodes().size()).sum() == 1);
    return publisher;
  }

  private static Message job(String name, Long deadline) {
    Map<String, String> headers = deadline == null
      ? Map.of("Content-Type", "application/json")
      : Map.of("Content-Type", "application/json", Deadlines.HEADER, Long.toString(deadline));
    return new Message(headers, Buffer.buffer(new JsonObject().put("name", name).encode()));
  }

  @Test
  void aTypedSubscriberSeesTheMessagesDeadlineInItsContext() {
    Worker worker = new Worker();
    worker(worker, new SubscribeOptions());
    MicroService boss = publisher();
    Await.result(boss.broker().publish("jobs", job("hour", NOW_MS + 3_600_000)));
    Await.result(boss.broker().publish("jobs", job("open-ended", null)));
    Await.until("both jobs", () -> worker.seen.size() == 2);

    Duration hour = worker.remaining.get(worker.seen.indexOf("hour"));
    // the context counts down from the delivery on: an hour less the moments the delivery took
    assertThat(hour).isLessThanOrEqualTo(Duration.ofHours(1)).isGreaterThan(Duration.ofMinutes(50));
    assertThat(worker.remaining.get(worker.seen.indexOf("open-ended"))).as("no deadline").isEqualTo(Duration.ofDays(-1));
  }

  @Test
  void anExpiredJobIsNotHandedToTheSubscriberAndDebugStatsCountIt() {
    Worker worker = new Worker();
    MicroService service = worker(worker, new SubscribeOptions());
    MicroService boss = publisher();
    Await.result(boss.broker().publish("jobs", job("too-late", NOW_MS - 1)));
    Await.result(boss.broker().publish("jobs", job("in-time", NOW_MS + 1)));
    Await.until("the job in time, and the late one counted", () ->
      worker.seen.size() == 1 && service.broker().stats().expired() == 1);
    assertThat(worker.seen).containsExactly("in-time");

    JsonObject stats = Await.result(boss.client().call("worker", "Debug.Stats", new JsonObject(), JsonObject.class));
    assertThat(stats.getJsonObject("broker").getLong("expired")).isEqualTo(1);
    assertThat(service.broker().stats().retried()).as("acknowledged, not redelivered").isZero();
  }

  @Test
  void withDropExpiredOffTheSubscriberGetsTheExpiredJobWithNoTimeLeft() {
    Worker worker = new Worker();
    MicroService service = worker(worker, new SubscribeOptions().setDropExpired(false));
    MicroService boss = publisher();
    Await.result(boss.broker().publish("jobs", job("too-late", NOW_MS - 1)));
    Await.until("the late job", () -> worker.seen.size() == 1);
    assertThat(worker.remaining).containsExactly(Duration.ZERO);
    assertThat(service.broker().stats().expired()).isZero();
  }

  @Test
  void dropExpiredOffForTheWholeServiceHandsExpiredJobsToSubscribersWithoutOptionsOfTheirOwn() {
    Worker lenient = new Worker();
    MicroService service = TestServices.start(vertx, registry, "worker", b -> b
      .set("drop_expired", false)
      .subscriber("jobs", lenient));
    MicroService boss = publisher();
    // a deadline a minute gone by the machine's own clock, which these subscriptions read
    Await.result(boss.broker().publish("jobs", job("too-late", System.currentTimeMillis() - 60_000)));
    Await.until("the late job", () -> lenient.seen.size() == 1);
    assertThat(lenient.remaining).containsExactly(Duration.ZERO);
    assertThat(service.broker().stats().expired()).isZero();
    assertThat(service.server().options().isDropExpired()).isFalse();
  }

  @Test
  void anExpiredPublicationOverTheTransportIsAnsweredButNotHandled() {
    Worker worker = new Worker();
    MicroService service = worker(worker, new SubscribeOptions());
    Node node = service.server().service().nodes().get(0);
    WebClient web = WebClient.create(vertx);
    for (Map.Entry<String, Long> publication : Map.of("too-late", NOW_MS - 1, "in-time", NOW_MS + 1).entrySet()) {
      HttpResponse<Buffer> reply = Await.result(web.post(node.port(), node.host(), "/")
        .putHeader("Content-Type", "application/json")
        .putHeader("Micro-Topic", "jobs")
        .putHeader("Micro-Id", publication.getKey())
        .putHeader(Deadlines.HEADER, Long.toString(publication.getValue()))
        .sendBuffer(Buffer.buffer(new JsonObject().put("name", publication.getKey()).encode())));
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.getHeader("Micro-Error")).as("the sender must not publish it again").isNull();
    }
    assertThat(worker.seen).containsExactly("in-time");
    SubscriberHandler handler = ((RpcServer) service.server()).subscribersOf("jobs").get(0);
    assertThat(handler.expired.sum()).isEqualTo(1);
  }
}
