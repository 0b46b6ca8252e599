package io.microvx.server;

import io.microvx.codec.Codec;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.mutiny.Mutiny;
import io.microvx.transport.Headers;
import io.microvx.transport.Message;
import io.microvx.transport.TransportStream;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves stream calls: routes and decodes like a unary call, then connects the handler's
 * {@code Multi} to the transport stream with back-pressure both ways ({@link StreamWriter} out,
 * {@link Mutiny#multi} in). A caller that cancels or disconnects cancels the handler's subscription.
 */
final class StreamDispatch {

  private static final Logger log = LoggerFactory.getLogger(StreamDispatch.class);

  private final RpcServer server;
  private final Set<TransportStream> active = ConcurrentHashMap.newKeySet();
  private volatile Promise<Void> allClosed;

  StreamDispatch(RpcServer server) {
    this.server = server;
  }

  void handle(TransportStream stream) {
    server.requests.increment();
    Message header = stream.header();
    String endpointName = UnaryDispatch.endpointOf(header);
    EndpointMethod endpoint = endpointName == null ? null : server.route(endpointName);
    if (endpoint == null) {
      reject(stream, endpointName == null
        ? MicroException.badRequest(server.name(), "stream ill-formed: no Micro-Endpoint or Micro-Method header")
        : MicroException.notFound(server.name(), "unknown endpoint %s of service %s", endpointName, server.name()));
      return;
    }
    if (!endpoint.isStream()) {
      reject(stream, MicroException.badRequest(server.name(), "endpoint %s is unary: call it with POST, not as a stream", endpointName));
      return;
    }
    String contentType = UnaryDispatch.contentTypeOf(header);
    Codec codec = server.codecs.find(contentType);
    if (codec == null) {
      reject(stream, new MicroException(server.name(), "Unsupported Content-Type: " + contentType, 415));
      return;
    }
    long deadline = UnaryDispatch.deadlineOf(header.header(Headers.TIMEOUT));
    CallContext context = new CallContext(server.name(), endpointName, () -> UnaryDispatch.metadataOf(header.headers()),
      deadline, stream::remoteAddress);
    Context vertxContext = Vertx.currentContext();
    context.attach(vertxContext);
    server.inflight.incrementAndGet();
    active.add(stream);
    StreamWriter writer = new StreamWriter(stream, codec, vertxContext, failure -> failure(endpointName, stream, failure));
    long timer = deadline == 0 ? -1 : server.vertx.setTimer(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), id -> {
      context.cancel();
      writer.cancel();
      stream.fail(MicroException.timeout(server.name(), "%s: the stream's deadline passed", endpointName));
    });
    stream.closeHandler(v -> {
      if (timer >= 0) {
        server.vertx.cancelTimer(timer);
      }
      context.cancel();
      writer.cancel();
      active.remove(stream);
      server.inflight.decrementAndGet();
      Promise<Void> waiting = allClosed;
      if (waiting != null && active.isEmpty()) {
        waiting.tryComplete();
      }
    });
    stream.exceptionHandler(failure -> {
      context.cancel();
      writer.cancel();
    });
    if (endpoint.kind == EndpointMethod.Kind.BIDI_STREAM) {
      // the caller's messages, read as the handler requests them; a failure of the stream fails them too
      Multi<Object> requests = Mutiny.multi(stream, null)
        .map(message -> codec.decode(message.body(), endpoint.requestType));
      invoke(endpoint, requests, context, writer, stream);
      return;
    }
    // server stream: the one request first, then the replies
    boolean[] received = {false};
    stream.pause();
    stream.handler(message -> {
      if (received[0]) {
        return;
      }
      received[0] = true;
      Object request;
      try {
        request = codec.decode(message.body(), endpoint.requestType);
      } catch (MicroException e) {
        fail(stream, MicroException.badRequest(server.name(), "%s: %s", endpointName, e.detail()));
        return;
      }
      invoke(endpoint, request, context, writer, stream);
    });
    stream.endHandler(v -> {
      if (!received[0]) {
        fail(stream, MicroException.badRequest(server.name(), "%s: the stream ended before its request", endpointName));
      }
    });
    stream.fetch(1);
  }

  private void invoke(EndpointMethod endpoint, Object request, CallContext context, StreamWriter writer, TransportStream stream) {
    if (!endpoint.blocking) {
      Object replies;
      try {
        replies = endpoint.invoke(request, context);
      } catch (Throwable e) {
        fail(stream, failure(endpoint.name, stream, e));
        return;
      }
      subscribe(endpoint, replies, writer, stream);
      return;
    }
    // a @Blocking method makes its stream on a worker; the replies are written back on the stream's context
    server.vertx.executeBlocking(() -> {
      try {
        return endpoint.invoke(request, context);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        fail(stream, failure(endpoint.name, stream, ar.cause()));
      } else {
        subscribe(endpoint, ar.result(), writer, stream);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private void subscribe(EndpointMethod endpoint, Object replies, StreamWriter writer, TransportStream stream) {
    if (replies == null) {
      fail(stream, MicroException.internalServerError(server.name(), "%s returned no stream", endpoint.name));
      return;
    }
    ((Multi<Object>) replies).subscribe().withSubscriber(writer);
  }

  private MicroException failure(String endpointName, TransportStream stream, Throwable failure) {
    if (failure instanceof MicroException e) {
      return e;
    }
    String id = stream.header().header(Headers.MICRO_ID);
    log.error("{} stream failed (request id {})", endpointName, id, failure);
    return MicroException.from(server.name(), failure, id);
  }

  private void fail(TransportStream stream, MicroException error) {
    server.errors.increment();
    stream.fail(error);
  }

  private void reject(TransportStream stream, MicroException error) {
    server.errors.increment();
    stream.fail(error);
  }

  /**
   * Waits for open streams to end until shortly before the deadline, then ends those left with a 503, so
   * their callers learn why rather than seeing the connection drop.
   */
  Future<Void> closeAll(long deadline) {
    if (active.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    allClosed = promise;
    long waitMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000 - 100);
    server.vertx.setTimer(waitMs, id -> {
      for (TransportStream stream : active) {
        stream.fail(new MicroException(server.name(), "server stopping", 503));
      }
    });
    if (active.isEmpty()) {
      promise.tryComplete();
    }
    return promise.future();
  }
}
