package io.microvx.broker.rabbitmq;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.RabbitMQClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledgements coalesced while one is on its way, never past a delivery still unsettled. */
class AcksTest {

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<Promise<Void>> inFlight = new CopyOnWriteArrayList<>();

  /** A client recording each basicAck, which completes when the test says. */
  private RabbitMQClient client() {
    return (RabbitMQClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RabbitMQClient.class},
      (proxy, method, args) -> {
        if (method.getName().equals("basicAck")) {
          calls.add(args[0] + (Boolean.TRUE.equals(args[1]) ? "+" : ""));
          Promise<Void> done = Promise.promise();
          inFlight.add(done);
          return done.future();
        }
        throw new UnsupportedOperationException(method.getName());
      });
  }

  private void completeNext() {
    inFlight.remove(0).complete();
  }

  @Test
  void acksWaitingTogetherGoAsOneMultipleAckUpToTheFirstUnsettledDelivery() {
    Acks acks = new Acks(client());
    for (long tag = 1; tag <= 5; tag++) {
      acks.delivered(1, tag);
    }
    Future<Void> first = acks.ack(1, 1);
    Future<Void> second = acks.ack(1, 2);
    Future<Void> third = acks.ack(1, 3);
    Future<Void> fifth = acks.ack(1, 5);
    assertThat(calls).containsExactly("1");
    completeNext();
    assertThat(first.succeeded()).isTrue();
    // 4 is still with its handler: 2 and 3 go as one, 5 must not be covered by a multiple ack
    assertThat(calls).containsExactly("1", "3+");
    completeNext();
    assertThat(second.succeeded() && third.succeeded()).isTrue();
    assertThat(calls).containsExactly("1", "3+", "5");
    completeNext();
    assertThat(fifth.succeeded()).isTrue();
    acks.ack(1, 4);
    assertThat(calls).containsExactly("1", "3+", "5", "4");
  }

  @Test
  void aDeliveryBeingNackedIsNotOvertakenAndAcksOfALostChannelFail() {
    Acks acks = new Acks(client());
    acks.delivered(1, 1);
    acks.delivered(1, 2);
    acks.delivered(1, 3);
    acks.ack(1, 1); // in flight
    acks.ack(1, 3); // waits; 2 is being nacked
    completeNext();
    assertThat(calls).as("3 alone: 2 is not settled yet").containsExactly("1", "3");
    completeNext();
    acks.settledOtherwise(1, 2);

    acks.delivered(2, 1); // a new channel after a reconnect: its tags start again
    assertThat(acks.ack(1, 7).failed()).as("a tag of the lost channel").isTrue();
    assertThat(acks.ack(2, 1).failed()).isFalse();
    assertThat(calls).containsExactly("1", "3", "1");
  }
}
