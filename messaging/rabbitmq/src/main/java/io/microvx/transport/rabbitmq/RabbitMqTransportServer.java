package io.microvx.transport.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server consuming a queue of its own: deleted by RabbitMQ with its consumer (auto-delete), bound to the exchange with its name as routing key. Requests are acknowledged once answered
 * (or once their expiry passed unanswered), so {@code basic.qos} bounds what the server holds; each is
 * handed to the server on its context, the reply published to the caller's reply-to. The queue is not
 * exclusive (go-plugins' is not either): after a lost connection the recovered one declares it again even
 * while the server still holds the old connection open, which an exclusive queue would refuse.
 */
final class RabbitMqTransportServer implements TransportServer {

  private static final Logger log = LoggerFactory.getLogger(RabbitMqTransportServer.class);

  private final Vertx vertx;
  private final Outbox outbox;
  private final String queue;
  private final TransportHandler handler;
  private final Context context;
  private final AtomicInteger unanswered = new AtomicInteger();
  private volatile Channel channel;
  private volatile String consumerTag;
  private Future<Void> closing;

  private RabbitMqTransportServer(Vertx vertx, Outbox outbox, String queue, TransportHandler handler, Context context) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.queue = queue;
    this.handler = handler;
    this.context = context;
  }

  /** Declares, binds and consumes the queue on a worker thread; completes once the server consumes it. */
  static Future<TransportServer> start(Vertx vertx, Connection connection, Outbox outbox, RabbitMqBrokerOptions options,
                                       String queue, TransportHandler handler, Context context) {
    RabbitMqTransportServer server = new RabbitMqTransportServer(vertx, outbox, queue, handler, context);
    int prefetch = options.getPrefetch() > 0 ? options.getPrefetch() : RabbitMqTransport.DEFAULT_SERVER_PREFETCH;
    return vertx.executeBlocking(() -> {
      Channel ch = connection.createChannel();
      try {
        ch.basicQos(prefetch);
        ch.queueDeclare(queue, false, false, true, null);
        ch.queueBind(queue, options.getExchange(), queue);
        server.channel = ch;
        server.consumerTag = ch.basicConsume(queue, false, server.new Requests(ch));
      } catch (IOException | RuntimeException e) {
        ch.abort();
        throw new MicroException(AmqpConnector.ID, "cannot listen on rabbitmq queue " + queue + ": " + reason(e), 503, e);
      }
      return server;
    }, false);
  }

  /** The server's words for a refused declaration. */
  private static String reason(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyText();
      }
    }
    return String.valueOf(e.getMessage());
  }

  /** Requests, on the Java client's consumer thread. */
  private final class Requests extends DefaultConsumer {
    Requests(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      Exchange exchange = new Exchange(RpcWire.message(properties, body), properties.getReplyTo(),
        properties.getCorrelationId(), envelope.getDeliveryTag());
      if (properties.getReplyTo() == null) {
        log.debug("ignored a message on {} without reply-to", queue);
        exchange.settle();
        return;
      }
      unanswered.incrementAndGet();
      String expiration = properties.getExpiration();
      if (expiration != null) {
        try {
          // unanswered past its expiry the caller has given up: free its prefetch slot
          vertx.setTimer(Math.max(1, Long.parseLong(expiration)), t -> exchange.settle());
        } catch (NumberFormatException | IllegalStateException e) {
          log.debug("request on {} with expiration {}", queue, expiration);
        }
      }
      try {
        context.runOnContext(v -> handler.request(exchange));
      } catch (RejectedExecutionException e) {
        // the server's Vert.x is closed: stop consuming, so callers are told nobody listens and go elsewhere
        unanswered.decrementAndGet();
        close();
      }
    }
  }

  private final class Exchange implements ServerExchange {
    private final Message request;
    private final String replyTo;
    private final String correlationId;
    private final long deliveryTag;
    private final AtomicBoolean settled = new AtomicBoolean();
    private boolean replied;

    Exchange(Message request, String replyTo, String correlationId, long deliveryTag) {
      this.request = request;
      this.replyTo = replyTo;
      this.correlationId = correlationId;
      this.deliveryTag = deliveryTag;
    }

    void settle() {
      Channel ch = channel;
      if (settled.compareAndSet(false, true)) {
        // a tag from before a reconnect is ignored by the recovered channel, not refused
        outbox.add(() -> {
          if (ch.isOpen()) {
            ch.basicAck(deliveryTag, false);
          }
        });
      }
    }

    @Override
    public Message request() {
      return request;
    }

    @Override
    public String remoteAddress() {
      return "";
    }

    @Override
    public void reply(Message reply) {
      if (replied) {
        return;
      }
      replied = true;
      for (String name : List.copyOf(reply.headers().names())) {
        if (name.startsWith("Micro-") && !reply.headers().contains("X-" + name)) {
          reply.headers().set("X-" + name, reply.headers().get(name));
        }
      }
      AMQP.BasicProperties properties = RpcWire.reply(reply, correlationId);
      byte[] body = reply.body().getBytes();
      Channel ch = channel;
      outbox.add(new Outbox.Write() {
        @Override
        public void run() throws Exception {
          ch.basicPublish("", replyTo, false, properties, body);
        }

        @Override
        public void failed(Exception e) {
          log.warn("could not reply on {}: {}", queue, e.getMessage());
        }
      });
      settle();
      unanswered.decrementAndGet();
    }

    @Override
    public void cancelHandler(Handler<Void> cancelled) {
      // a queued request does not say when its caller gave up
    }
  }

  @Override
  public String address() {
    return queue;
  }

  @Override
  public int port() {
    return -1;
  }

  @Override
  public synchronized Future<Void> shutdown(Duration timeout) {
    if (closing != null || channel == null) {
      return close();
    }
    // no new requests (the queue goes with its consumer, so callers are told nobody listens); those in
    // progress get until the timeout to be answered
    Channel ch = channel;
    Promise<Void> cancelled = Promise.promise();
    boolean queued = outbox.add(() -> {
      try {
        if (ch.isOpen()) {
          ch.basicCancel(consumerTag);
        }
      } finally {
        cancelled.tryComplete();
      }
    });
    if (!queued) {
      cancelled.tryComplete();
    }
    Promise<Void> drained = Promise.promise();
    cancelled.future().onComplete(v -> awaitAnswered(System.nanoTime() + timeout.toNanos(), drained));
    return drained.future().compose(v -> close());
  }

  private void awaitAnswered(long deadline, Promise<Void> drained) {
    if (unanswered.get() <= 0 || System.nanoTime() - deadline > 0) {
      drained.complete();
      return;
    }
    vertx.setTimer(20, t -> awaitAnswered(deadline, drained));
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      Channel ch = channel;
      Promise<Void> closed = Promise.promise();
      // after the replies and acks already queued; closing the channel deletes the queue with its consumer
      boolean queued = ch != null && outbox.add(() -> {
        try {
          if (ch.isOpen()) {
            ch.close();
          }
        } finally {
          closed.tryComplete();
        }
      });
      if (!queued) {
        closed.tryComplete();
      }
      closing = closed.future();
    }
    return closing;
  }
}
