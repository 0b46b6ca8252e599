package io.microvx.transport.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoverableConnection;
import com.rabbitmq.client.RecoveryListener;
import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.TransportException;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side and the shared connection. One AMQP connection per transport (the Java client's, with
 * automatic recovery), one channel for requests that also consumes direct reply-to, and one channel per
 * server. Requests are published with the mandatory flag, so one to an address no server consumes any
 * more comes back at once ({@code basic.return}) as a 503 {@link TransportException}: the client retries
 * another node and the selector counts it.
 */
final class DefaultRabbitMqTransport implements RabbitMqTransport {

  private static final Logger log = LoggerFactory.getLogger(DefaultRabbitMqTransport.class);

  private final Vertx vertx;
  private final RabbitMqBrokerOptions options;
  private final Outbox outbox = new Outbox("microvx-rabbitmq-transport-writer");
  /** Requests waiting for their reply, by correlation id. */
  private final Map<String, Promise<Message>> pending = new ConcurrentHashMap<>();
  private final String idPrefix = UUID.randomUUID() + ".";
  private final AtomicLong ids = new AtomicLong();
  private Future<Connection> connecting;
  private volatile Channel requests;
  /** False while the connection is down or being recovered (the reply consumer may not be back yet). */
  private volatile boolean ready;
  private volatile boolean closed;

  DefaultRabbitMqTransport(Vertx vertx, RabbitMqBrokerOptions options) {
    this.vertx = vertx;
    this.options = new RabbitMqBrokerOptions(options);
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  /** The connection, opened on first use on a worker thread; a failed attempt is tried again by the next use. */
  synchronized Future<Connection> connection() {
    if (closed) {
      return Future.failedFuture(new MicroException(AmqpConnector.ID, "the rabbitmq transport is closed", 503));
    }
    if (connecting == null) {
      Future<Connection> attempt = vertx.executeBlocking(this::open, false);
      connecting = attempt;
      attempt.onFailure(e -> {
        log.debug("connecting the rabbitmq transport failed", e);
        synchronized (this) {
          if (connecting == attempt) {
            connecting = null;
          }
        }
      });
    }
    return connecting;
  }

  private Connection open() throws Exception {
    Connection connection = AmqpConnector.connect(options, "microvx-transport");
    try {
      Channel channel = connection.createChannel();
      channel.exchangeDeclare(options.getExchange(), "topic", options.isExchangeDurable(), false, null);
      channel.basicConsume(RpcWire.DIRECT_REPLY_TO, true, new Replies(channel));
      channel.addReturnListener(returned -> {
        Promise<Message> waiting = pending.remove(String.valueOf(returned.getProperties().getCorrelationId()));
        if (waiting != null) {
          waiting.tryFail(new TransportException("no node listens at " + returned.getRoutingKey()
            + " (rabbitmq returned the request: " + returned.getReplyText() + ")", 503, null));
        }
      });
      requests = channel;
    } catch (Exception e) {
      connection.abort();
      throw AmqpConnector.connectFailure(options.getUri(), e);
    }
    connection.addShutdownListener(signal -> {
      ready = false;
      if (!signal.isInitiatedByApplication()) {
        log.info("the rabbitmq transport lost its connection to {}: {}", AmqpConnector.where(options.getUri()), signal.getMessage());
      }
      // direct reply-to replies go to the channel that sent the request: that one is gone
      failPending("the connection to rabbitmq was lost before the reply came");
    });
    if (connection instanceof RecoverableConnection recoverable) {
      recoverable.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recovered) {
          log.info("the rabbitmq transport reconnected to {}", AmqpConnector.where(options.getUri()));
          ready = true;
        }

        @Override
        public void handleRecoveryStarted(Recoverable recovering) {
          ready = false;
        }
      });
    }
    ready = true;
    return connection;
  }

  /** Replies from direct reply-to, on the Java client's consumer thread. */
  private final class Replies extends DefaultConsumer {
    Replies(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      Promise<Message> waiting = pending.remove(String.valueOf(properties.getCorrelationId()));
      if (waiting != null) {
        waiting.tryComplete(RpcWire.message(properties, body));
      }
    }
  }

  private void failPending(String why) {
    for (String id : List.copyOf(pending.keySet())) {
      Promise<Message> waiting = pending.remove(id);
      if (waiting != null) {
        waiting.tryFail(new TransportException(why, 503, null));
      }
    }
  }

  @Override
  public Future<Message> request(String address, Message request, Duration timeout) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<Message> promise = context.promise();
    String problem = RpcWire.problem(address);
    if (problem != null) {
      promise.fail(MicroException.badRequest("go.micro.client", "invalid node address: %s", problem));
      return promise.future();
    }
    Future<Connection> connection = connection();
    if (connection.succeeded()) {
      send(address, request, timeout, promise);
    } else {
      connection.onComplete(ar -> {
        if (ar.succeeded()) {
          send(address, request, timeout, promise);
        } else {
          promise.tryFail(new TransportException(detail(ar.cause()), 503, ar.cause()));
        }
      });
    }
    return promise.future();
  }

  private void send(String address, Message request, Duration timeout, Promise<Message> promise) {
    Channel channel = requests;
    if (!ready || channel == null || !channel.isOpen()) {
      promise.tryFail(new TransportException("cannot reach " + address + ": rabbitmq at "
        + AmqpConnector.where(options.getUri()) + " is not connected", 503, null));
      return;
    }
    String id = idPrefix + ids.incrementAndGet();
    boolean bounded = timeout != null && !timeout.isZero() && !timeout.isNegative();
    long timer = bounded ? vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      if (pending.remove(id) != null) {
        promise.tryFail(TransportException.timeout("request to " + address + " timed out after " + timeout, null));
      }
    }) : -1;
    promise.future().onComplete(ar -> {
      pending.remove(id);
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    });
    pending.put(id, promise);
    AMQP.BasicProperties properties = RpcWire.request(request, id, timeout);
    byte[] body = request.body().getBytes();
    boolean queued = outbox.add(new Outbox.Write() {
      @Override
      public void run() throws Exception {
        channel.basicPublish(options.getExchange(), address, true, properties, body);
      }

      @Override
      public void failed(Exception e) {
        if (pending.remove(id) != null) {
          promise.tryFail(new TransportException("cannot send to " + address + ": " + e.getMessage(), 503, e));
        }
      }
    });
    if (!queued && pending.remove(id) != null) {
      promise.tryFail(new TransportException("the rabbitmq transport is closed", 503, null));
    }
  }

  @Override
  public Future<TransportStream> openStream(String address, Message header, Duration timeout) {
    return Future.failedFuture(new MicroException(AmqpConnector.ID, "the rabbitmq transport has no streams", 501));
  }

  @Override
  public Future<TransportServer> listen(String address, String advertise, TransportHandler handler) {
    String queue = advertise != null && !advertise.isBlank() ? advertise
      : address == null || address.isBlank() || isHostPort(address) ? UUID.randomUUID().toString() : address;
    String problem = RpcWire.problem(queue);
    if (problem != null) {
      return Future.failedFuture(MicroException.badRequest("go.micro.server", "cannot listen on rabbitmq: %s", problem));
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    // requests are handed to the server on an event loop, whichever thread asked it to listen
    ContextInternal serving = caller.isEventLoopContext() ? caller : ((VertxInternal) vertx).createEventLoopContext();
    Promise<TransportServer> promise = caller.promise();
    connection().compose(c -> RabbitMqTransportServer.start(vertx, c, outbox, options, queue, handler, serving))
      .onComplete(ar -> {
        if (ar.succeeded()) {
          promise.complete(ar.result());
        } else {
          Throwable cause = ar.cause();
          promise.fail(cause instanceof MicroException ? cause : new MicroException(AmqpConnector.ID, detail(cause), 503, cause));
        }
      });
    return promise.future();
  }

  /** {@code host:port} (a server's default {@code 0.0.0.0:0}): not a queue name, so one is picked. */
  private static boolean isHostPort(String address) {
    int colon = address.lastIndexOf(':');
    return colon >= 0 && address.substring(colon + 1).matches("\\d+");
  }

  @Override
  public Future<Void> close() {
    Future<Connection> c;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      c = connecting;
      connecting = null;
    }
    ready = false;
    failPending("the rabbitmq transport was closed before the reply came");
    if (c == null) {
      outbox.shutdown();
      return Future.succeededFuture();
    }
    return c.transform(ar -> {
      Promise<Void> done = Promise.promise();
      // after what is queued to be written; closing waits for the server's close-ok, on the outbox's thread
      boolean queued = ar.succeeded() && outbox.add(() -> {
        try {
          if (ar.result().isOpen()) {
            ar.result().close(2_000);
          }
        } finally {
          done.tryComplete();
        }
      });
      if (!queued) {
        done.tryComplete();
      }
      return done.future().andThen(v -> outbox.shutdown());
    });
  }

  private static String detail(Throwable failure) {
    return failure instanceof MicroException e ? e.detail() : String.valueOf(failure.getMessage());
  }
}
