package io.microvx.server;

import io.microvx.codec.Codec;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.microvx.transport.Headers;
import io.microvx.transport.Message;
import io.microvx.transport.ServerExchange;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves one unary call: route by {@code Micro-Endpoint} (or {@code Micro-Method}), decode by
 * {@code Content-Type}, run the handler chain under the caller's deadline, and answer as go-micro does —
 * 200 always, the error in {@code Micro-Error} with an empty body.
 */
final class UnaryDispatch {

  private static final Logger log = LoggerFactory.getLogger(UnaryDispatch.class);
  private static final Buffer EMPTY_JSON = Buffer.buffer("{}");
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized(Headers.CONTENT_TYPE);

  private final RpcServer server;
  private final HandlerFunction chain;

  UnaryDispatch(RpcServer server, HandlerFunction chain) {
    this.server = server;
    this.chain = chain;
  }

  void handle(ServerExchange exchange) {
    Message request = exchange.request();
    server.requests.increment();
    server.inflight.incrementAndGet();
    String topic = request.header(Headers.MICRO_TOPIC);
    if (topic != null) {
      publication(exchange, topic);
      return;
    }
    String endpointName = endpointOf(request);
    if (endpointName == null) {
      fail(exchange, MicroException.badRequest(server.name(),
        "request ill-formed: no Micro-Endpoint or Micro-Method header naming Type.Method"));
      return;
    }
    EndpointMethod endpoint = server.route(endpointName);
    if (endpoint == null) {
      fail(exchange, MicroException.notFound(server.name(), "unknown endpoint %s of service %s", endpointName, server.name()));
      return;
    }
    if (endpoint.isStream()) {
      fail(exchange, MicroException.badRequest(server.name(),
        "endpoint %s streams: open it as a stream (WebSocket upgrade), not a unary call", endpointName));
      return;
    }
    String contentType = contentTypeOf(request);
    Codec codec = server.codecs.find(contentType);
    if (codec == null) {
      fail(exchange, new MicroException(server.name(), "Unsupported Content-Type: " + contentType
        + " (supported: " + String.join(", ", server.codecs.contentTypes()) + ")", 415));
      return;
    }
    Object body;
    try {
      body = codec.decode(request.body(), endpoint.requestType);
    } catch (MicroException e) {
      fail(exchange, MicroException.badRequest(server.name(), "%s: %s", endpointName, e.detail()));
      return;
    }
    long deadline = deadlineOf(request.header(Headers.TIMEOUT));
    CallContext context = new CallContext(server.name(), endpointName, () -> metadataOf(request.headers()), deadline,
      exchange::remoteAddress);
    Context vertxContext = Vertx.currentContext();
    context.attach(vertxContext);
    Future<Object> result;
    try {
      result = chain.handle(new ServerRequest(server.name(), endpointName, contentType, body, context, endpoint));
    } catch (Throwable e) {
      result = Future.failedFuture(e);
    }
    // most handlers answer at once: only a call still running needs its deadline timer and cancel hook
    AtomicBoolean answered = new AtomicBoolean();
    long timer = -1;
    if (!result.isComplete()) {
      if (deadline != 0) {
        timer = server.vertx.setTimer(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), id -> {
          if (answered.compareAndSet(false, true)) {
            context.cancel();
            fail(exchange, MicroException.timeout(server.name(), "%s: the caller's deadline passed", endpointName));
          }
        });
      }
      exchange.cancelHandler(v -> context.cancel());
    }
    long armed = timer;
    result.onComplete(ar -> {
      if (armed >= 0) {
        server.vertx.cancelTimer(armed);
      }
      if (!answered.compareAndSet(false, true)) {
        log.debug("{} finished after its deadline; the caller had its 408", endpointName);
        return;
      }
      if (ar.failed()) {
        fail(exchange, error(endpointName, request, ar.cause()));
        return;
      }
      Buffer encoded;
      try {
        encoded = ar.result() == null && Codecs.JSON.equals(codec.contentType()) ? EMPTY_JSON : codec.encode(ar.result());
      } catch (MicroException e) {
        String id = request.header(Headers.MICRO_ID);
        log.error("{} (request id {}): its reply could not be encoded", endpointName, id, e.getCause() == null ? e : e.getCause());
        fail(exchange, new MicroException(e.id(), e.detail() + (id == null ? "" : " (request id " + id + ")"), e.code()));
        return;
      }
      MultiMap headers = successHeaders(request);
      headers.set(CONTENT_TYPE, contentType);
      reply(exchange, new Message(headers, encoded));
    });
  }

  /** A publication over the transport: handed to this server's subscribers of the topic, answered empty. */
  private void publication(ServerExchange exchange, String topic) {
    List<SubscriberHandler> subscribers = server.subscribersOf(topic);
    if (subscribers.isEmpty()) {
      fail(exchange, MicroException.notFound(server.name(), "no subscriber for topic %s", topic));
      return;
    }
    Message request = exchange.request();
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.putIfAbsent(header.getKey(), header.getValue());
    }
    io.microvx.broker.Message message = new io.microvx.broker.Message(headers, request.body());
    List<Future<Void>> handled = new java.util.ArrayList<>();
    for (SubscriberHandler subscriber : subscribers) {
      TransportPublication publication = new TransportPublication(topic, message);
      subscriber.handle(publication).onComplete(ar -> {
        if (ar.failed()) {
          publication.settled.tryFail(ar.cause());
        } else if (subscriber.options.isAutoAck()) {
          publication.settled.tryComplete();
        }
      });
      handled.add(publication.settled.future());
    }
    Future.all(handled).onComplete(ar -> {
      if (ar.failed()) {
        fail(exchange, error("subscribers of " + topic, request, ar.cause()));
      } else {
        reply(exchange, new Message(replyHeaders(request), Buffer.buffer()));
      }
    });
  }

  /**
   * A publication that came over the transport: there is no broker to settle with, so its settlement is the
   * answer to the sender (an error for a nack, and the sender may publish again).
   */
  private static final class TransportPublication implements io.microvx.broker.Event {
    private final String topic;
    private final io.microvx.broker.Message message;
    final Promise<Void> settled = Promise.promise();

    TransportPublication(String topic, io.microvx.broker.Message message) {
      this.topic = topic;
      this.message = message;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public io.microvx.broker.Message message() {
      return message;
    }

    @Override
    public int attempt() {
      return 1;
    }

    @Override
    public Future<Void> ack() {
      settled.tryComplete();
      return settled.future();
    }

    @Override
    public Future<Void> nack() {
      settled.tryFail(MicroException.internalServerError("go.micro.server", "the subscriber to %s failed the message", topic));
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> nack(java.time.Duration delay) {
      return nack();
    }
  }

  /** The innermost step: call the handler method, on a worker when it blocks, and adapt what it returns. */
  static HandlerFunction invoker(Vertx vertx) {
    return request -> {
      EndpointMethod endpoint = request.method;
      if (endpoint.blocking) {
        return vertx.executeBlocking(() -> {
          try {
            return endpoint.invoke(request.body(), request.context());
          } catch (Exception | Error e) {
            throw e;
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
        }, false).compose(result -> adapt(result, request.context()));
      }
      try {
        return adapt(endpoint.invoke(request.body(), request.context()), request.context());
      } catch (Throwable e) {
        return Future.failedFuture(e);
      }
    };
  }

  /** Whatever a handler returned, as a Future; cancelling the call cancels Uni and CompletableFuture work. */
  @SuppressWarnings("unchecked")
  static Future<Object> adapt(Object result, CallContext context) {
    if (result instanceof Future<?> future) {
      return (Future<Object>) future;
    }
    if (result instanceof Uni<?> uni) {
      CompletableFuture<Object> running = ((Uni<Object>) uni).subscribeAsCompletionStage();
      context.onCancel(() -> running.cancel(true));
      return fromStage(running);
    }
    if (result instanceof CompletionStage<?> stage) {
      if (stage instanceof CompletableFuture<?> running) {
        context.onCancel(() -> running.cancel(true));
      }
      return fromStage((CompletionStage<Object>) stage);
    }
    return Future.succeededFuture(result);
  }

  private static Future<Object> fromStage(CompletionStage<Object> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }

  private MicroException error(String endpointName, Message request, Throwable failure) {
    if (failure instanceof MicroException e) {
      return e;
    }
    if (failure instanceof java.util.concurrent.CancellationException) {
      return new MicroException(server.name(), endpointName + ": cancelled", 499);
    }
    // the caller learns that it failed and under which id; what failed, and where, stays in this log
    String id = request.header(Headers.MICRO_ID);
    log.error("{} failed (request id {})", endpointName, id, failure);
    return MicroException.from(server.name(), failure, id);
  }

  private void fail(ServerExchange exchange, MicroException error) {
    server.errors.increment();
    MultiMap headers = replyHeaders(exchange.request());
    headers.set(Headers.MICRO_ERROR, error.toJson());
    reply(exchange, new Message(headers, Buffer.buffer()));
  }

  private void reply(ServerExchange exchange, Message message) {
    server.inflight.decrementAndGet();
    exchange.reply(message);
  }

  /** A successful reply's headers, as go-micro's router writes them: only the request's id (and a content type). */
  private static MultiMap successHeaders(Message request) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    copy(request, headers, Headers.MICRO_ID);
    return headers;
  }

  /** The request's RPC headers echoed back, as go-micro's error and publication replies carry them. */
  static MultiMap replyHeaders(Message request) {
    // echoed values were valid request headers: the transport validates once, when it writes them
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    copy(request, headers, Headers.MICRO_ID);
    copy(request, headers, Headers.MICRO_SERVICE);
    copy(request, headers, Headers.MICRO_ENDPOINT);
    copy(request, headers, Headers.MICRO_METHOD);
    return headers;
  }

  private static void copy(Message from, MultiMap to, String name) {
    String value = from.header(name);
    if (value != null) {
      to.set(name, value);
    }
  }

  static String endpointOf(Message request) {
    String endpoint = request.header(Headers.MICRO_ENDPOINT);
    return endpoint != null ? endpoint : request.header(Headers.MICRO_METHOD);
  }

  /** No Content-Type means protobuf, as go-micro assumes. */
  static String contentTypeOf(Message request) {
    String contentType = request.header(Headers.CONTENT_TYPE);
    return contentType == null || contentType.isEmpty() ? Codecs.PROTOBUF : contentType;
  }

  /** The {@code Timeout} header (nanoseconds left) as a deadline; invalid values are ignored, as in go-micro. */
  static long deadlineOf(String timeout) {
    if (timeout == null) {
      return 0;
    }
    try {
      long nanos = Long.parseUnsignedLong(timeout.trim());
      if (nanos <= 0) {
        return 0;
      }
      long deadline = System.nanoTime() + nanos;
      return deadline == 0 ? 1 : deadline;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Every header that is not the wire's own is call metadata. */
  static Metadata metadataOf(MultiMap headers) {
    Map<String, String> pairs = new HashMap<>();
    for (Map.Entry<String, String> header : headers) {
      if (!Headers.isWireHeader(header.getKey())) {
        pairs.putIfAbsent(header.getKey(), header.getValue());
      }
    }
    return Metadata.of(pairs);
  }

  /** A broker message's headers less the wire's own, as call metadata. */
  static Metadata metadataOf(Map<String, String> headers) {
    Map<String, String> pairs = new HashMap<>();
    headers.forEach((name, value) -> {
      if (!Headers.isWireHeader(name)) {
        pairs.put(name, value);
      }
    });
    return Metadata.of(pairs);
  }
}
