package io.microvx.interop;

import io.microvx.broker.Event;
import io.microvx.broker.SubscribeOptions;
import io.microvx.interop.GoPeers.Peer;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages between go-micro and Java services over go-micro's http broker (subscriptions found through a
 * shared etcd) and over NATS: a Go publisher reaches a Java subscriber and the reverse, and one queue
 * group with members in both languages splits the messages between them.
 */
class BrokerInteropIT {

  static Stream<Arguments> brokers() {
    return Stream.of("http", "nats").flatMap(broker -> GoPeers.VERSIONS.stream().map(version -> Arguments.of(broker, version)));
  }

  private final String topic = "interop.events." + UUID.randomUUID().toString().substring(0, 8);
  private final GoPeers go = new GoPeers();
  private JavaSide java;
  private List<String> goArgs;

  @AfterEach
  void close() {
    go.close();
    if (java != null) {
      java.close();
    }
  }

  /** Both sides on the broker: http through etcd (the v5 dialect for go-micro v5), or NATS. */
  private MicroService javaService(String broker, String version) {
    return javaService(broker, version, builder -> {
    });
  }

  private MicroService javaService(String broker, String version, Consumer<MicroService.Builder> setup) {
    if (broker.equals("http")) {
      String etcd = RealServers.etcd();
      java = JavaSide.etcd(etcd).with("broker_address", "127.0.0.1:0");
      if (version.equals("v5")) {
        java.with("broker_http_service", "micro.http.broker");
      }
      goArgs = List.of("--registry", "etcd", "--registry_address", etcd);
    } else {
      String nats = RealServers.nats();
      java = JavaSide.standalone().with("broker", "nats").with("broker_address", nats);
      goArgs = List.of("--registry", "memory", "--broker", "nats", "--broker_address", nats);
    }
    return java.service("interop.java." + broker, setup);
  }

  private List<String> args(String... more) {
    List<String> args = new ArrayList<>(goArgs);
    args.addAll(List.of(more));
    return args;
  }

  private static List<JsonObject> collecting(MicroService service, String topic, String queue, List<JsonObject> into) {
    SubscribeOptions options = new SubscribeOptions();
    if (queue != null) {
      options.setQueue(queue);
    }
    Await.result(service.broker().subscribe(topic, (Event event) -> {
      into.add(new JsonObject().put("header", new JsonObject(new java.util.HashMap<>(event.message().headers())))
        .put("body", event.message().body().toString()));
      return Future.succeededFuture();
    }, options));
    return into;
  }

  /** Waits until the Java side's registry lists the Go peer's subscription (http only: NATS needs none). */
  private void awaitGoSubscription(MicroService service, String broker, String version) {
    if (!broker.equals("http")) {
      return;
    }
    String name = version.equals("v5") ? "micro.http.broker" : "go.micro.http.broker";
    Await.until("the Go subscriber to " + topic + " in the registry", Duration.ofSeconds(30), () ->
      Await.result(service.registry().getService(name)).stream().map(Service::nodes).flatMap(List::stream)
        .anyMatch(node -> topic.equals(node.metadata().get("topic"))));
  }

  @ParameterizedTest(name = "{0} broker, go-micro {1}")
  @MethodSource("brokers")
  void goPublisherReachesJavaSubscriber(String broker, String version) {
    MicroService service = javaService(broker, version);
    List<JsonObject> received = collecting(service, topic, null, new CopyOnWriteArrayList<>());

    JsonObject out = go.run(version, "pubsub", args("--topic", topic, "--publish", "3", "--body", "{\"n\":%d}"));
    assertThat(out.getInteger("published")).isEqualTo(3);

    Await.until("3 messages from Go", Duration.ofSeconds(30), () -> received.size() >= 3);
    assertThat(received).extracting(m -> new JsonObject(m.getString("body")).getInteger("n")).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(received).allSatisfy(m -> {
      JsonObject header = m.getJsonObject("header");
      assertThat(header.getString("Content-Type")).isEqualTo("application/json");
      assertThat(header.getString("Micro-Topic")).isEqualTo(topic);
    });
  }

  @ParameterizedTest(name = "{0} broker, go-micro {1}")
  @MethodSource("brokers")
  void javaPublisherReachesGoSubscriber(String broker, String version) {
    MicroService service = javaService(broker, version);
    Peer subscriber = go.start(version, "pubsub", args("--topic", topic));
    awaitGoSubscription(service, broker, version);

    for (int n = 1; n <= 3; n++) {
      Await.result(service.client().publish(topic, new JsonObject().put("n", n)));
    }
    List<JsonObject> received = subscriber.awaitCount(line -> line.containsKey("body"), 3, Duration.ofSeconds(30));
    assertThat(received).extracting(m -> new JsonObject(m.getString("body")).getInteger("n")).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(received).allSatisfy(m -> {
      assertThat(m.getString("topic")).isEqualTo(topic);
      assertThat(m.getJsonObject("header").getString("Content-Type")).isEqualTo("application/json");
      assertThat(m.getJsonObject("header").getString("Micro-Topic")).isEqualTo(topic);
    });
  }

  /** What the services' subscribers take: {@code {"from":"go","n":1}}. */
  public record Signal(String from, int n) {
  }

  /** A Java service's subscriber: its public method taking one message gets each message of the topic. */
  public static final class Signals {
    final List<Signal> got = new CopyOnWriteArrayList<>();

    public void take(Signal signal) {
      got.add(signal);
    }
  }

  @ParameterizedTest(name = "{0} broker, go-micro {1}")
  @MethodSource("brokers")
  void javaServiceSubscriberTakesGoPublications(String broker, String version) {
    Signals signals = new Signals();
    javaService(broker, version, builder -> builder.subscriber(topic, signals));

    go.run(version, "pubsub", args("--topic", topic, "--publish", "3", "--body", "{\"from\":\"go\",\"n\":%d}"));
    Await.until("3 messages decoded by the Java subscriber", Duration.ofSeconds(30), () -> signals.got.size() >= 3);
    assertThat(signals.got).containsExactlyInAnyOrder(new Signal("go", 1), new Signal("go", 2), new Signal("go", 3));
  }

  @ParameterizedTest(name = "{0} broker, go-micro {1}")
  @MethodSource("brokers")
  void goServiceSubscriberTakesJavaPublications(String broker, String version) {
    MicroService service = javaService(broker, version);
    Peer greeter = go.start(version, "greeter", Map.of("GREETER_NAME", "interop.go." + broker, "GREETER_TOPIC", topic), args());
    awaitGoSubscription(service, broker, version);

    for (int n = 1; n <= 3; n++) {
      Await.result(service.client().publish(topic, new Signal("java", n)));
    }
    List<JsonObject> events = greeter.awaitCount(line -> line.containsKey("event"), 3, Duration.ofSeconds(30));
    assertThat(events).extracting(line -> line.getJsonObject("event").getInteger("n")).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(events).allSatisfy(line -> {
      assertThat(line.getJsonObject("event").getString("from")).isEqualTo("java");
      assertThat(line.getString("topic")).isEqualTo(topic);
    });
  }

  @ParameterizedTest(name = "{0} broker, go-micro {1}")
  @MethodSource("brokers")
  void queueGroupSplitsMessagesAcrossGoAndJava(String broker, String version) {
    int each = 20;
    String queue = "workers";
    MicroService service = javaService(broker, version);
    List<JsonObject> javaGot = collecting(service, topic, queue, new CopyOnWriteArrayList<>());
    Peer goMember = go.start(version, "pubsub", args("--topic", topic, "--queue", queue));
    awaitGoSubscription(service, broker, version);

    // published from both sides: each publication goes to one member of the group, in either language
    for (int n = 1; n <= each; n++) {
      Await.result(service.client().publish(topic, new JsonObject().put("from", "java").put("n", n)));
    }
    go.run(version, "pubsub", args("--topic", topic, "--publish", Integer.toString(each), "--body", "{\"from\":\"go\",\"n\":%d}"));

    Await.until(2 * each + " messages across the group", Duration.ofSeconds(60), () ->
      javaGot.size() + goMember.lines().stream().filter(l -> l.containsKey("body")).count() >= 2 * each);
    List<String> javaKeys = javaGot.stream().map(m -> key(m.getString("body"))).toList();
    List<String> goKeys = goMember.lines().stream().filter(l -> l.containsKey("body")).map(l -> key(l.getString("body"))).toList();
    assertThat(javaKeys).as("the Java member's share of the Go publications").anyMatch(k -> k.startsWith("go/"));
    assertThat(goKeys).as("the Go member's share of the Java publications").anyMatch(k -> k.startsWith("java/"));
    List<String> all = new ArrayList<>(javaKeys);
    all.addAll(goKeys);
    List<String> expected = new ArrayList<>();
    IntStream.rangeClosed(1, each).forEach(n -> {
      expected.add("java/" + n);
      expected.add("go/" + n);
    });
    assertThat(all).as("every publication once").containsExactlyInAnyOrderElementsOf(expected);
  }

  private static String key(String body) {
    JsonObject json = new JsonObject(body);
    return json.getString("from") + "/" + json.getInteger("n");
  }
}
