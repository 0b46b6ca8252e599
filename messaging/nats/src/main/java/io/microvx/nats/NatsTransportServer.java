package io.microvx.nats;

import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server listening on one NATS subject (no queue group: the subject is this node's address). Each
 * request is handed to the server on its context; the reply is published to the request's reply subject.
 */
final class NatsTransportServer implements TransportServer {

  private static final Logger log = LoggerFactory.getLogger(NatsTransportServer.class);

  private final Vertx vertx;
  private final Connection connection;
  private final String subject;
  private final TransportHandler handler;
  private final Context context;
  private final AtomicInteger unanswered = new AtomicInteger();
  private volatile Dispatcher dispatcher;
  private Future<Void> closing;

  private NatsTransportServer(Vertx vertx, Connection connection, String subject, TransportHandler handler, Context context) {
    this.vertx = vertx;
    this.connection = connection;
    this.subject = subject;
    this.handler = handler;
    this.context = context;
  }

  /** Subscribes on a worker thread; completes once the server has the subscription. */
  static Future<TransportServer> start(Vertx vertx, Connection connection, String subject, TransportHandler handler,
                                       Context context) {
    NatsTransportServer server = new NatsTransportServer(vertx, connection, subject, handler, context);
    return vertx.executeBlocking(() -> {
      Dispatcher d = connection.createDispatcher(server::receive);
      server.dispatcher = d;
      d.subscribe(subject);
      try {
        connection.flush(Duration.ofSeconds(10));
      } catch (Exception e) {
        connection.closeDispatcher(d);
        throw new MicroException(DefaultNatsTransport.ID, "NATS did not confirm the subscription to " + subject, 503, e);
      }
      return server;
    }, false);
  }

  /** On the dispatcher's thread. */
  private void receive(io.nats.client.Message received) {
    String replyTo = received.getReplyTo();
    if (replyTo == null) {
      log.debug("ignored a message on {} without a reply subject", subject);
      return;
    }
    Message request;
    try {
      request = Frames.decode(received.getData());
    } catch (IllegalArgumentException e) {
      publish(replyTo, error(MicroException.badRequest("go.micro.server", "%s", e.getMessage())));
      return;
    }
    unanswered.incrementAndGet();
    try {
      context.runOnContext(v -> handler.request(new Exchange(request, replyTo)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the server's Vert.x is closed: stop listening, so callers get "no responders" and go elsewhere
      unanswered.decrementAndGet();
      close();
    }
  }

  private static Message error(MicroException e) {
    String json = e.toJson();
    return new Message(HttpHeaders.headers().set("Micro-Error", json).set("X-Micro-Error", json), Buffer.buffer());
  }

  private void publish(String replyTo, Message reply) {
    byte[] frame = Frames.encode(reply);
    if (frame.length > connection.getMaxPayload()) {
      frame = Frames.encode(error(new MicroException("go.micro.server", String.format(
        "the reply is %d bytes, more than the NATS server's max_payload of %d", frame.length, connection.getMaxPayload()), 413)));
    }
    try {
      connection.publish(replyTo, frame);
    } catch (IllegalStateException e) {
      log.warn("could not reply on {}: {}", subject, e.getMessage());
    }
  }

  private final class Exchange implements ServerExchange {
    private final Message request;
    private final String replyTo;
    private boolean replied;

    Exchange(Message request, String replyTo) {
      this.request = request;
      this.replyTo = replyTo;
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
      for (String name : java.util.List.copyOf(reply.headers().names())) {
        if (name.startsWith("Micro-") && !reply.headers().contains("X-" + name)) {
          reply.headers().set("X-" + name, reply.headers().get(name));
        }
      }
      publish(replyTo, reply);
      unanswered.decrementAndGet();
    }

    @Override
    public void cancelHandler(Handler<Void> handler) {
      // a NATS request does not say when its caller gave up
    }
  }

  @Override
  public String address() {
    return subject;
  }

  @Override
  public int port() {
    return -1;
  }

  @Override
  public synchronized Future<Void> shutdown(Duration timeout) {
    Dispatcher d = dispatcher;
    if (d == null || closing != null) {
      return close();
    }
    // no new requests; those in progress get until the timeout to be answered
    Promise<Void> drained = Promise.promise();
    Blocking.quietly(vertx, () -> d.unsubscribe(subject)).onComplete(v -> awaitAnswered(System.nanoTime() + timeout.toNanos(), drained));
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
      Dispatcher d = dispatcher;
      closing = d == null ? Future.succeededFuture() : Blocking.quietly(vertx, () -> {
        if (d.isActive()) {
          connection.closeDispatcher(d);
        }
      });
    }
    return closing;
  }
}
