package io.microvx.bench.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.microvx.bench.load.Target;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RabbitMQ broker's peer: the RabbitMQ Java client alone, doing what our broker does on the wire. One
 * connection publishes to a topic exchange with publisher confirms on (persistent, the id in a header);
 * a second consumes a private queue bound to the topic, acknowledging each delivery by hand with the same
 * prefetch as our subscriber; one call is one message published and delivered. No Vert.x.
 */
public final class RawRabbitLoop implements Target, AutoCloseable {

  private static final String EXCHANGE = "bench-raw";
  private static final String TOPIC = "bench.raw";

  private final Connection publisher;
  private final Connection subscriber;
  private final Channel publishing;
  private final byte[] body;
  private final Map<String, Done> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private RawRabbitLoop(String uri, Buffer message, int prefetch) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    this.publisher = factory.newConnection("bench-raw-publisher");
    this.subscriber = factory.newConnection("bench-raw-subscriber");
    this.body = message.getBytes();
    publishing = publisher.createChannel();
    publishing.exchangeDeclare(EXCHANGE, "topic", false, false, null);
    publishing.confirmSelect();
    publishing.addConfirmListener((tag, multiple) -> { }, (tag, multiple) -> refused.incrementAndGet());
    Channel consuming = subscriber.createChannel();
    consuming.exchangeDeclare(EXCHANGE, "topic", false, false, null);
    String queue = consuming.queueDeclare().getQueue();
    consuming.queueBind(queue, EXCHANGE, TOPIC);
    consuming.basicQos(prefetch);
    consuming.basicConsume(queue, false, new DefaultConsumer(consuming) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] data) throws IOException {
        consuming.basicAck(envelope.getDeliveryTag(), false);
        Done done = pending.remove(String.valueOf(properties.getHeaders().get("Micro-Id")));
        if (done != null) {
          done.done(null);
        }
      }
    });
  }

  public static RawRabbitLoop start(String uri, Buffer message, int prefetch) throws Exception {
    return new RawRabbitLoop(uri, message, prefetch);
  }

  @Override
  public Executor callers() {
    return Runnable::run;
  }

  @Override
  public void call(Done done) {
    String id = Long.toString(ids.incrementAndGet());
    pending.put(id, done);
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
      .headers(Map.of("Micro-Id", id, "Content-Type", "application/json")).deliveryMode(2).build();
    try {
      publishing.basicPublish(EXCHANGE, TOPIC, properties, body);
    } catch (IOException | RuntimeException e) {
      if (pending.remove(id) != null) {
        done.done(e);
      }
    }
  }

  /** Publications the server refused (basic.nack); none expected. */
  public long refused() {
    return refused.get();
  }

  @Override
  public void close() throws Exception {
    publisher.close();
    subscriber.close();
  }
}
