package io.microvx.client;

import io.microvx.broker.Broker;
import io.microvx.broker.Deadlines;
import io.microvx.broker.PublishOptions;
import io.microvx.codec.Codec;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.metadata.Ids;
import io.microvx.metadata.Metadata;
import io.microvx.registry.Node;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.microvx.transport.Headers;
import io.microvx.transport.Message;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client: encodes, runs the call pipeline, decodes; opens streams with the same selection and retries,
 * within the same retry budget.
 */
final class DefaultClient implements Client {

  private final ClientOptions options;
  private final Codecs codecs;
  private final Selector selector;
  private final Transport transport;
  private final Broker broker;
  private final Call pipeline;
  private final ClientCounters counters;
  private final RetryBudget budget;
  private final AtomicLong ids = new AtomicLong();
  private final java.util.function.LongSupplier nanoClock;
  private final java.time.Clock wallClock;

  DefaultClient(ClientOptions options, Codecs codecs, Selector selector, Transport transport, Broker broker,
                Call pipeline, ClientCounters counters, RetryBudget budget, java.util.function.LongSupplier nanoClock,
                java.time.Clock wallClock) {
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
    this.options = options;
    this.codecs = codecs;
    this.selector = selector;
    this.transport = transport;
    this.broker = broker;
    this.pipeline = pipeline;
    this.counters = counters;
    this.budget = budget;
  }

  @Override
  public Future<Void> publish(String topic, Object message, CallOptions callOptions) {
    if (broker == null) {
      return Future.failedFuture(new MicroException("go.micro.client", "this client has no broker to publish with", 500));
    }
    CallOptions opts = callOptions == null ? new CallOptions() : callOptions;
    String contentType = opts.getContentType() != null ? opts.getContentType() : options.getContentType();
    Buffer body;
    try {
      body = codecs.forContentType(contentType).encode(message);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    CallContext serving = CallContext.current();
    Metadata metadata = serving == null ? opts.getMetadata() : serving.metadata().merge(opts.getMetadata());
    Map<String, String> headers = new HashMap<>(metadata.asMap());
    headers.put(Headers.CONTENT_TYPE, contentType);
    headers.put(Headers.MICRO_TOPIC, topic);
    headers.put(Headers.MICRO_ID, Ids.uuid());
    if (serving != null && serving.deadline() != 0) {
      // absolute, so the time the message waits in a queue counts against it (see Deadlines)
      headers.put(Deadlines.HEADER, Long.toString(
        Deadlines.toEpochMillis(serving.deadline(), nanoClock.getAsLong(), wallClock)));
    }
    PublishOptions publishOptions = new PublishOptions()
      .setTimeout(opts.getTimeout() != null ? opts.getTimeout() : options.getRequestTimeout());
    return broker.publish(topic, new io.microvx.broker.Message(headers, body), publishOptions);
  }

  @Override
  public <T> Future<T> call(String service, String endpoint, Object request, Class<T> responseType, CallOptions callOptions) {
    CallOptions opts = callOptions == null ? new CallOptions() : callOptions;
    String contentType = opts.getContentType() != null ? opts.getContentType() : options.getContentType();
    Codec codec;
    Buffer body;
    try {
      codec = codecs.forContentType(contentType);
      body = codec.encode(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    CallRequest call = new CallRequest(nextId(), service, endpoint, body, contentType, opts);
    ContextInternal caller = (ContextInternal) Vertx.currentContext();
    Future<CallResponse> response;
    try {
      response = pipeline.call(call);
    } catch (RuntimeException e) {
      // a wrapper that throws fails the call, like one that fails its future
      response = Future.failedFuture(e);
    }
    return onCallersContext(caller, response.map(reply -> decode(reply, codec, responseType)));
  }

  /**
   * The call's outcome, delivered on the Vert.x context that made the call: the transport completes it on
   * its connection's context, where a handler's continuation would lose the {@link CallContext} of the
   * call it serves (its metadata, deadline and trace for the calls and publications it makes next).
   */
  private static <T> Future<T> onCallersContext(ContextInternal caller, Future<T> outcome) {
    if (caller == null || outcome.isComplete()) {
      return outcome;
    }
    PromiseInternal<T> delivered = caller.promise();
    outcome.onComplete(delivered);
    return delivered.future();
  }

  private <T> T decode(CallResponse response, Codec requestCodec, Class<T> type) {
    if (type == Void.class || type == void.class) {
      return null;
    }
    Codec codec = requestCodec;
    String contentType = response.contentType();
    if (contentType != null && !contentType.equals(requestCodec.contentType())) {
      Codec other = codecs.find(contentType);
      codec = other != null ? other : requestCodec;
    }
    return codec.decode(response.body(), type);
  }

  @Override
  public <Req, Resp> Future<CallStream<Req, Resp>> stream(String service, String endpoint, Class<Resp> responseType,
                                                          CallOptions callOptions) {
    CallOptions opts = callOptions == null ? new CallOptions() : callOptions;
    String contentType = opts.getContentType() != null ? opts.getContentType() : options.getContentType();
    Codec codec;
    try {
      codec = codecs.forContentType(contentType);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    CallRequest request = new CallRequest(nextId(), service, endpoint, Buffer.buffer(), contentType, opts);
    CallContext serving = CallContext.current();
    long deadline = opts.getStreamTimeout() == null ? 0 : System.nanoTime() + opts.getStreamTimeout().toNanos();
    if (serving != null) {
      request.metadata(serving.metadata().merge(request.metadata()));
      if (serving.deadline() != 0 && (deadline == 0 || serving.deadline() - deadline < 0)) {
        deadline = serving.deadline();
      }
    }
    request.deadline(deadline);
    Duration openTimeout = opts.getTimeout() != null ? opts.getTimeout() : options.getRequestTimeout();
    int retries = opts.getRetries() != null ? opts.getRetries() : options.getRetries();
    budget.deposit();
    return open(request, codec, responseType, openTimeout, retries);
  }

  private <Req, Resp> Future<CallStream<Req, Resp>> open(CallRequest request, Codec codec, Class<Resp> responseType,
                                                         Duration openTimeout, int retriesLeft) {
    Future<Selection> selected;
    String address = request.options().getAddress();
    if (address != null) {
      selected = Future.succeededFuture(new DirectSelection(new Node(address, address)));
    } else {
      SelectOptions selectOptions = new SelectOptions(request.options().getFilters(), request.options().getRoutingKey(),
        request.tried());
      selected = selector.select(request.service(), selectOptions);
    }
    return selected.compose(selection -> {
      Node node = selection.node();
      request.markTried(node.id());
      MultiMap headers = NodeCall.headers(request);
      headers.set(Headers.MICRO_STREAM, request.id());
      return transport.openStream(node.address(), new Message(headers, Buffer.buffer()), openTimeout)
        .andThen(ar -> selection.done(ar.failed() && ar.cause() instanceof TransportException ? ar.cause() : null))
        .<CallStream<Req, Resp>>map(stream -> new ClientCallStream<>(stream, codec, responseType, node.address()))
        .recover(failure -> retriesLeft > 0 && RetryWrapper.isRetryable(failure) && withdraw()
          ? open(request, codec, responseType, openTimeout, retriesLeft - 1)
          : Future.failedFuture(failure));
    });
  }

  /** Opening a stream again spends the retry budget as a call's retry does. */
  private boolean withdraw() {
    if (budget.tryWithdraw()) {
      counters.retries.increment();
      return true;
    }
    counters.retriesRefused.increment();
    return false;
  }

  private String nextId() {
    return Long.toString(ids.getAndIncrement());
  }

  @Override
  public ClientOptions options() {
    return new ClientOptions(options);
  }

  @Override
  public ClientStats stats() {
    return counters.snapshot();
  }

  @Override
  public Codecs codecs() {
    return codecs;
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }

  /** A call to a named address: nothing to report to a selector. */
  private record DirectSelection(Node node) implements Selection {
    @Override
    public void done(Throwable nodeFault) {
    }
  }
}
