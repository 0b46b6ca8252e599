package io.microvx.testing.faults;

import io.microvx.broker.SubscribeOptions;
import io.microvx.errors.MicroException;
import io.microvx.service.MicroService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node of {@link FaultFixture}, in a process of its own: a service {@value #SERVICE} answering
 * {@code Work.Call} with its node id, configured by the JSON in {@code FAULT_NODE_CONFIG} (flat micro
 * options: registry, TTL, ...). It takes its faults as lines on stdin, each acknowledged on stdout:
 * {@code normal}, {@code stall [PERCENT]} (accept, never answer: every call, or the share picked by a seeded
 * random), {@code slow MS}, {@code fail PERCENT} (500s, picked by the same random), {@code stop} (a graceful stop: deregister, answer what it holds, exit 0).
 * SIGKILL needs no line. Its first line on stdout is {@code ready NODE_ID ADDRESS}. With {@code fault_topic} in
 * its config it also subscribes to that topic (queue group and durable {@value #GROUP}, as the service's
 * instances of a real deployment would), taking JSON {@code {"id": …}} messages, and {@code received} answers
 * the distinct ids it took, comma-separated, and {@code expired} how many it dropped unhandled because their
 * deadline had passed ({@code drop_expired}, on unless its config turns it off).
 */
public final class FaultNode {

  public static final String SERVICE = "faults.target";
  static final String CONFIG = "FAULT_NODE_CONFIG";
  static final String GROUP = "fault-nodes";

  /** A call's request and reply. */
  public record Request(long n) {
  }

  public record Reply(String node, long n) {
  }

  private volatile String mode = "normal";
  private volatile long slowMs;
  private volatile int failPercent;
  private volatile int stallPercent;
  private final Random random;
  private final AtomicLong served = new AtomicLong();
  private final java.util.Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Vertx vertx;
  private String nodeId;

  private FaultNode(Vertx vertx, long seed) {
    this.vertx = vertx;
    this.random = new Random(seed);
  }

  /** A message of {@code fault_topic}: JSON {@code {"id": …}}. */
  public record Letter(String id) {
  }

  /** Takes the messages of {@code fault_topic}. */
  public final class Inbox {
    public void take(Letter letter) {
      received.add(letter.id());
    }
  }

  /** {@code Work.Call}. */
  public final class Work {
    public Future<Reply> call(Request request) {
      return answer(request);
    }
  }

  private Future<Reply> answer(Request request) {
    served.incrementAndGet();
    Reply reply = new Reply(nodeId, request.n());
    switch (mode) {
      case "stall" -> {
        if (picked(stallPercent)) {
          return Promise.<Reply>promise().future(); // never answered
        }
        return Future.succeededFuture(reply);
      }
      case "slow" -> {
        Promise<Reply> later = Promise.promise();
        vertx.setTimer(Math.max(1, slowMs), t -> later.complete(reply));
        return later.future();
      }
      case "fail" -> {
        return picked(failPercent) ? Future.failedFuture(new MicroException(SERVICE, "injected failure", 500)) : Future.succeededFuture(reply);
      }
      default -> {
        return Future.succeededFuture(reply);
      }
    }
  }

  private boolean picked(int percent) {
    synchronized (random) {
      return random.nextInt(100) < percent;
    }
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject(System.getenv().getOrDefault(CONFIG, "{}"));
    Vertx vertx = Vertx.vertx();
    FaultNode node = new FaultNode(vertx, config.getLong("fault_seed", 1L));
    MicroService.Builder builder = MicroService.builder(vertx).name(SERVICE).version("1.0.0").address("127.0.0.1:0")
      .set("broker", "memory").config(config).handler("Work", node.new Work());
    String topic = config.getString("fault_topic");
    if (topic != null) {
      builder.subscriber(topic, node.new Inbox(), new SubscribeOptions().setQueue(GROUP).setDurable(GROUP)
        .setDropExpired(Boolean.parseBoolean(config.getValue("drop_expired", true).toString())));
    }
    MicroService service = builder.build();
    service.start().toCompletionStage().toCompletableFuture().get();
    node.nodeId = service.server().service().nodes().get(0).id();
    System.out.println("ready " + node.nodeId + " " + service.server().address());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      switch (words[0]) {
        case "normal" -> node.mode = "normal";
        case "stall" -> {
          node.stallPercent = words.length > 1 ? Integer.parseInt(words[1]) : 100;
          node.mode = "stall";
        }
        case "slow" -> {
          node.slowMs = Long.parseLong(words[1]);
          node.mode = "slow";
        }
        case "fail" -> {
          node.failPercent = Integer.parseInt(words[1]);
          node.mode = "fail";
        }
        case "served" -> {
          System.out.println("served " + node.served.get());
          System.out.flush();
          continue;
        }
        case "expired" -> {
          System.out.println("expired " + service.broker().stats().expired());
          System.out.flush();
          continue;
        }
        case "received" -> {
          System.out.println("received " + String.join(",", node.received));
          System.out.flush();
          continue;
        }
        case "stop" -> {
          service.stop().toCompletionStage().toCompletableFuture().get();
          System.out.println("ack stop");
          System.out.flush();
          vertx.close().toCompletionStage().toCompletableFuture().get();
          System.exit(0);
        }
        default -> {
          System.out.println("unknown " + line);
          System.out.flush();
          continue;
        }
      }
      System.out.println("ack " + line.trim());
      System.out.flush();
    }
    // the fixture went away: so does the node
    System.exit(0);
  }
}
