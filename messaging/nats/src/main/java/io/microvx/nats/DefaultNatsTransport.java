package io.microvx.nats;

import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.TransportException;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.NUID;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * RPC over NATS request-reply. The client sends each request as a NATS request (jnats's shared reply
 * inbox) and fails it itself at the call's timeout; "no responders" (nobody listens on the node's subject
 * any more) is a 503 {@link TransportException}, so the client retries another node and the selector
 * counts it. Frames larger than the server's {@code max_payload} are refused with 413 before sending.
 */
final class DefaultNatsTransport implements NatsTransport {

  static final String ID = "go.micro.transport";
  /** Waiting "for ever" still needs a bound, or jnats's request cleanup cancels the request after 5 s. */
  private static final Duration NO_TIMEOUT = Duration.ofHours(1);

  private final Vertx vertx;
  private final NatsOptions options;
  private final NatsConnector.ConnectionEvents events = new NatsConnector.ConnectionEvents("transport");
  private Future<Connection> connecting;

  DefaultNatsTransport(Vertx vertx, NatsOptions options) {
    this.vertx = vertx;
    this.options = new NatsOptions(options);
  }

  @Override
  public String name() {
    return "nats";
  }

  /** The connection, opened on first use; a failed attempt is tried again by the next use. */
  synchronized Future<Connection> connection() {
    if (connecting == null) {
      Future<Connection> attempt = NatsConnector.connect(vertx, options, events, true);
      connecting = attempt;
      attempt.onFailure(e -> {
        synchronized (this) {
          if (connecting == attempt) {
            connecting = null;
          }
        }
      });
    }
    return connecting;
  }

  @Override
  public Future<Message> request(String address, Message request, Duration timeout) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<Message> promise = context.promise();
    Future<Connection> connection = connection();
    if (connection.succeeded()) {
      send(connection.result(), address, request, timeout, promise);
    } else {
      connection.onComplete(ar -> {
        if (ar.succeeded()) {
          send(ar.result(), address, request, timeout, promise);
        } else {
          promise.fail(new TransportException(detail(ar.cause()), 503, ar.cause()));
        }
      });
    }
    return promise.future();
  }

  private void send(Connection c, String address, Message request, Duration timeout, Promise<Message> promise) {
    String problem = Subjects.problem(address);
    if (problem != null) {
      promise.fail(MicroException.badRequest("go.micro.client", "invalid node address: %s", problem));
      return;
    }
    byte[] frame = Frames.encode(request);
    if (frame.length > c.getMaxPayload()) {
      promise.fail(new MicroException("go.micro.client", String.format(
        "the request is %d bytes, more than the NATS server's max_payload of %d", frame.length, c.getMaxPayload()), 413));
      return;
    }
    boolean bounded = timeout != null && !timeout.isZero() && !timeout.isNegative();
    CompletableFuture<io.nats.client.Message> reply;
    try {
      reply = c.requestWithTimeout(address, frame, bounded ? timeout.plusSeconds(1) : NO_TIMEOUT);
    } catch (RuntimeException e) {
      promise.fail(new TransportException("cannot reach " + address + ": NATS is unreachable (" + c.getStatus() + ")", 503, e));
      return;
    }
    long timer = bounded ? vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      promise.tryFail(TransportException.timeout("request to " + address + " timed out after " + timeout, null));
      reply.cancel(false);
    }) : -1;
    reply.whenComplete((answer, failure) -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause == null) {
        try {
          promise.tryComplete(Frames.decode(answer.getData()));
        } catch (IllegalArgumentException e) {
          promise.tryFail(new TransportException("the node at " + address + " sent a malformed reply", 500, e));
        }
      } else if (cause instanceof JetStreamStatusException status && status.getStatus().getCode() == 503) {
        promise.tryFail(new TransportException("no responders at " + address, 503, cause));
      } else if (cause instanceof CancellationException) {
        promise.tryFail(TransportException.timeout("request to " + address + " timed out", cause));
      } else {
        promise.tryFail(TransportException.of(address, cause));
      }
    });
  }

  @Override
  public Future<TransportStream> openStream(String address, Message header, Duration timeout) {
    return Future.failedFuture(new MicroException(ID, "the nats transport has no streams", 501));
  }

  @Override
  public Future<TransportServer> listen(String address, String advertise, TransportHandler handler) {
    String subject = advertise != null && !advertise.isBlank() ? advertise
      : address == null || address.isBlank() || isHostPort(address) ? "_INBOX." + NUID.nextGlobal() : address;
    String problem = Subjects.problem(subject);
    if (problem != null) {
      return Future.failedFuture(MicroException.badRequest("go.micro.server", "cannot listen on NATS: %s", problem));
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    // requests are handed to the server on an event loop, whichever thread asked it to listen
    ContextInternal serving = caller.isEventLoopContext() ? caller : (ContextInternal) ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    Promise<TransportServer> promise = caller.promise();
    connection().compose(c -> NatsTransportServer.start(vertx, c, subject, handler, serving))
      .onComplete(ar -> {
        if (ar.succeeded()) {
          promise.complete(ar.result());
        } else {
          Throwable cause = ar.cause();
          promise.fail(cause instanceof MicroException ? cause : new MicroException(ID, detail(cause), 503, cause));
        }
      });
    return promise.future();
  }

  /** {@code host:port} (a server's default {@code 0.0.0.0:0}): not a subject, so one is picked. */
  private static boolean isHostPort(String address) {
    int colon = address.lastIndexOf(':');
    return colon >= 0 && address.substring(colon + 1).matches("\\d+");
  }

  @Override
  public Future<Void> close() {
    Future<Connection> c;
    synchronized (this) {
      c = connecting;
      connecting = null;
    }
    if (c == null) {
      return Future.succeededFuture();
    }
    return c.transform(ar -> ar.succeeded() ? Blocking.quietly(vertx, () -> {
      try {
        ar.result().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }) : Future.succeededFuture());
  }

  private static String detail(Throwable failure) {
    return failure instanceof MicroException e ? e.detail() : String.valueOf(failure.getMessage());
  }
}
