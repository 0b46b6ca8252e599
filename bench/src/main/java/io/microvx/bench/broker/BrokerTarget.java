package io.microvx.bench.broker;

import io.microvx.bench.load.Target;
import io.microvx.broker.Broker;
import io.microvx.broker.Message;
import io.microvx.broker.Subscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of our brokers under load: a call publishes a message and ends when the subscriber receives it
 * (publish → deliver), matched by a {@code Micro-Id} header.
 */
public final class BrokerTarget implements Target, AutoCloseable {

  private static final String TOPIC = "bench.events";

  private final Broker broker;
  private final Buffer body;
  private final Context callers;
  /** By id, as the raw peers keep theirs: a number read back from the message. */
  private final Map<Long, Done> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private Subscriber subscriber;

  public BrokerTarget(Vertx vertx, Broker broker, Buffer body) {
    this.broker = broker;
    this.body = body;
    this.callers = vertx.getOrCreateContext();
  }

  public BrokerTarget start() throws Exception {
    subscriber = await(broker.connect().compose(v -> broker.subscribe(TOPIC, event -> {
      Done done = pending.remove(Long.parseLong(event.message().header("Micro-Id")));
      if (done != null) {
        done.done(null);
      }
      return Future.succeededFuture();
    })));
    return this;
  }

  @Override
  public Executor callers() {
    return task -> callers.runOnContext(v -> task.run());
  }

  @Override
  public void call(Done done) {
    long id = ids.incrementAndGet();
    pending.put(id, done);
    broker.publish(TOPIC, new Message(Map.of("Micro-Id", Long.toString(id), "Content-Type", "application/json"), body))
      .onFailure(failure -> {
        Done mine = pending.remove(id);
        if (mine != null) {
          mine.done(failure);
        }
      });
  }

  @Override
  public void close() throws Exception {
    await(subscriber == null ? broker.disconnect() : subscriber.unsubscribe().eventually(broker::disconnect));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
