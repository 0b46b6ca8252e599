package io.microvx.broker.kafka;

import io.microvx.broker.Broker;
import io.microvx.broker.SubscribeOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A queue-group member in a process of its own, for a test to kill: subscribes to a topic in a group, says
 * {@code ready} once subscribed and {@code got <body>} for each message before acknowledging it (a few
 * milliseconds' work each). Arguments: bootstrap servers, topic, group.
 */
public final class KafkaGroupMember {

  private KafkaGroupMember() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    KafkaBrokerOptions options = new KafkaBrokerOptions().setBootstrapServers(args[0]).setPartitions(6)
      // a killed member is noticed after the broker's shortest session
      .putProperty("session.timeout.ms", "6000").putProperty("heartbeat.interval.ms", "1000");
    Broker broker = KafkaBrokerProvider.create(vertx, options);
    broker.connect()
      .compose(v -> broker.subscribe(args[1], event -> {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(3, id -> {
          System.out.println("got " + event.message().body());
          System.out.flush();
          done.complete();
        });
        return done.future();
      }, new SubscribeOptions().setQueue(args[2]).setMaxInFlight(4)))
      .onSuccess(s -> {
        System.out.println("ready");
        System.out.flush();
      })
      .onFailure(e -> {
        System.out.println("failed " + e);
        System.exit(1);
      });
  }
}
