package io.microvx.bench.nats;

import io.microvx.bench.load.Target;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NATS broker's peer: jnats alone. One connection publishes the message, prefixed by an id and a
 * newline, to a subject a dispatcher of a second connection subscribes to; one call is one message
 * published and delivered. No envelope, no Vert.x: what NATS costs at the least from Java.
 */
public final class RawJnatsLoop implements Target, AutoCloseable {

  private static final String SUBJECT = "bench.raw";

  private final Connection publisher;
  private final Connection subscriber;
  private final byte[] body;
  private final Map<Long, Done> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private RawJnatsLoop(String url, Buffer message) throws Exception {
    Options options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).build();
    this.publisher = Nats.connect(options);
    this.subscriber = Nats.connect(options);
    this.body = message.getBytes();
    Dispatcher dispatcher = subscriber.createDispatcher(msg -> {
      byte[] data = msg.getData();
      int newline = 0;
      while (data[newline] != '\n') {
        newline++;
      }
      Done done = pending.remove(Long.parseLong(new String(data, 0, newline, StandardCharsets.US_ASCII)));
      if (done != null) {
        done.done(null);
      }
    });
    dispatcher.subscribe(SUBJECT);
    subscriber.flush(Duration.ofSeconds(5));
  }

  public static RawJnatsLoop start(String url, Buffer message) throws Exception {
    return new RawJnatsLoop(url, message);
  }

  @Override
  public Executor callers() {
    return Runnable::run;
  }

  @Override
  public void call(Done done) {
    long id = ids.incrementAndGet();
    byte[] prefix = (id + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, data, 0, prefix.length);
    System.arraycopy(body, 0, data, prefix.length, body.length);
    pending.put(id, done);
    publisher.publish(SUBJECT, data);
  }

  @Override
  public void close() throws Exception {
    publisher.close();
    subscriber.close();
  }
}
