package io.microvx.broker.rabbitmq;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.rabbitmq.RabbitMQClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The acknowledgements of one subscription's channel, coalesced: the Vert.x client runs each call as a
 * worker task, so while one {@code basic.ack} is on its way the next ones wait, and go out together as one
 * {@code basic.ack} with {@code multiple} for the highest of them when no delivery below it is still
 * unsettled (a multiple ack settles every unsettled delivery up to its tag); the others one by one.
 * A delivery settled another way ({@code basic.nack}) counts as unsettled until that call is done, so a
 * multiple ack never overtakes it.
 */
final class Acks {

  private final RabbitMQClient client;
  /** Delivered on the current channel and not settled yet (nor being acknowledged). */
  private final TreeSet<Long> unsettled = new TreeSet<>();
  /** Acknowledgements asked for and not sent yet, by tag. */
  private final TreeMap<Long, Promise<Void>> waiting = new TreeMap<>();
  private int channel;
  private boolean sending;

  Acks(RabbitMQClient client) {
    this.client = client;
  }

  /** A delivery on channel {@code generation}; a new channel starts its tags again. */
  synchronized void delivered(int generation, long tag) {
    if (generation != channel) {
      newChannel(generation);
    }
    unsettled.add(tag);
  }

  private void newChannel(int generation) {
    channel = generation;
    unsettled.clear();
    // tags of the lost channel mean nothing on the new one: the server requeued those messages
    waiting.values().forEach(p -> p.tryFail(RabbitMqWire.unavailable(
      "the connection this message came on was lost: the server delivers it again")));
    waiting.clear();
  }

  /** Acknowledges the delivery; completes once the server was told. */
  Future<Void> ack(int generation, long tag) {
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      if (generation != channel) {
        return Future.failedFuture(RabbitMqWire.unavailable(
          "the connection this message came on was lost: the server delivers it again"));
      }
      unsettled.remove(tag);
      waiting.put(tag, done);
    }
    flush();
    return done.future();
  }

  /** A delivery settled another way, once that call is done (or failed: the channel is then gone). */
  void settledOtherwise(int generation, long tag) {
    synchronized (this) {
      if (generation == channel) {
        unsettled.remove(tag);
      }
    }
    flush();
  }

  private void flush() {
    long tag;
    boolean multiple;
    List<Promise<Void>> batch = new ArrayList<>();
    synchronized (this) {
      if (sending || waiting.isEmpty()) {
        return;
      }
      long lowestUnsettled = unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first();
      NavigableMap<Long, Promise<Void>> below = waiting.headMap(lowestUnsettled, false);
      if (!below.isEmpty()) {
        tag = below.lastKey();
        multiple = below.size() > 1;
        batch.addAll(below.values());
        below.clear();
      } else {
        Map.Entry<Long, Promise<Void>> first = waiting.pollFirstEntry();
        tag = first.getKey();
        multiple = false;
        batch.add(first.getValue());
      }
      sending = true;
    }
    long sent = tag;
    RabbitMqWire.safely(() -> client.basicAck(sent, multiple)).onComplete(ar -> {
      for (Promise<Void> p : batch) {
        if (ar.succeeded()) {
          p.tryComplete();
        } else {
          p.tryFail(ar.cause());
        }
      }
      synchronized (this) {
        sending = false;
      }
      flush();
    });
  }
}
