package io.microvx.tracing;

import io.microvx.broker.Broker;
import io.microvx.client.CallRequest;
import io.microvx.client.CallResponse;
import io.microvx.client.CallWrapper;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.Node;
import io.microvx.server.HandlerWrapper;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The spans of calls, attempts, served calls, gateway requests and (through {@link TracedBroker}) messages. */
final class TracingWrappers implements ServiceWrappers {

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("micro.attempt");
  static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("micro.node.id");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("micro.error.code");
  static final AttributeKey<String> ERROR_ID = AttributeKey.stringKey("micro.error.id");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final String GO_MICRO = "go-micro";

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Supplier<Future<Void>> onClose;

  /**
   * @param onClose what closing releases (the plugin's SDK, its spans flushed); nothing for an OpenTelemetry
   *                given by the application
   */
  TracingWrappers(OpenTelemetry openTelemetry, Supplier<Future<Void>> onClose) {
    this.tracer = openTelemetry.getTracer(Tracing.SCOPE);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.onClose = onClose;
    // the first use of OpenTelemetry's context storage finds its implementation with a ServiceLoader (a
    // class-path read): here, off the event loop, rather than on the first traced request
    Context.current();
  }

  Tracer tracer() {
    return tracer;
  }

  TextMapPropagator propagator() {
    return propagator;
  }

  @Override
  public CallWrapper call() {
    return next -> request -> {
      if (untraced(request.endpoint())) {
        return next.call(request);
      }
      Context parent = parentOf(request.metadata());
      Span span = rpcSpan(request.service(), request.endpoint(), SpanKind.INTERNAL, parent);
      inject(request, parent.with(span));
      return ended(span, next.call(request), false);
    };
  }

  @Override
  public CallWrapper attempt() {
    return next -> request -> {
      if (untraced(request.endpoint())) {
        return next.call(request);
      }
      Metadata call = request.metadata();
      Context parent = extract(call);
      Span span = rpcSpan(request.service(), request.endpoint(), SpanKind.CLIENT, parent);
      span.setAttribute(ATTEMPT, request.attempt());
      Node node = request.node();
      if (node != null) {
        span.setAttribute(NODE_ID, node.id());
        span.setAttribute(SERVER_ADDRESS, node.address());
      }
      inject(request, parent.with(span));
      Future<CallResponse> sent;
      try {
        sent = next.call(request);
      } finally {
        // the request's headers are written by now; the next attempt (a retry, a hedge) is the call's child again
        request.metadata(call);
      }
      return ended(span, sent, false);
    };
  }

  @Override
  public HandlerWrapper server(String service) {
    return next -> request -> {
      if (untraced(request.endpoint())) {
        return next.handle(request);
      }
      CallContext served = request.context();
      Context parent = extract(served.metadata());
      Span span = rpcSpan(service, request.endpoint(), SpanKind.SERVER, parent);
      Context traced = parent.with(span);
      // what the handler calls or publishes carries this span as its parent
      propagator.inject(traced, served, TraceHeaders.SERVED);
      Future<Object> handled;
      try (Scope ignored = traced.makeCurrent()) {
        handled = next.handle(request);
      } catch (RuntimeException e) {
        end(span, e, true);
        throw e;
      }
      return ended(span, handled, true);
    };
  }

  @Override
  public Broker broker(Broker broker) {
    return new TracedBroker(broker, this);
  }

  @Override
  public Inbound inbound(String method, String path, MultiMap headers) {
    Context parent = propagator.extract(Context.root(), headers, TraceHeaders.HTTP);
    Span span = tracer.spanBuilder(method + " " + path)
      .setSpanKind(SpanKind.SERVER)
      .setParent(parent)
      .setAttribute(HTTP_METHOD, method)
      .setAttribute(URL_PATH, path)
      .startSpan();
    // the calls the request leads to take their metadata from these headers: the span is their parent
    propagator.inject(parent.with(span), headers, TraceHeaders.HTTP_SET);
    return (route, status) -> {
      span.updateName(method + " " + route);
      span.setAttribute(HTTP_ROUTE, route);
      span.setAttribute(HTTP_STATUS, status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    };
  }

  @Override
  public Future<Void> close() {
    return onClose.get();
  }

  private static boolean untraced(String endpoint) {
    // the dashboard and the CLI poll these: they are not the environment's traffic
    return endpoint.startsWith("Debug.");
  }

  private Span rpcSpan(String service, String endpoint, SpanKind kind, Context parent) {
    return tracer.spanBuilder(service + "/" + endpoint)
      .setSpanKind(kind)
      .setParent(parent)
      .setAttribute(RPC_SYSTEM, GO_MICRO)
      .setAttribute(RPC_SERVICE, service)
      .setAttribute(RPC_METHOD, endpoint)
      .startSpan();
  }

  /**
   * A call's parent: the trace its metadata carries (given by the caller, or a gateway request's), else
   * the call being served on this Vert.x context, else the OpenTelemetry context of the thread.
   */
  private Context parentOf(Metadata metadata) {
    if (metadata.contains(TraceHeaders.TRACEPARENT)) {
      return extract(metadata);
    }
    CallContext serving = CallContext.current();
    if (serving != null && serving.metadata().contains(TraceHeaders.TRACEPARENT)) {
      return extract(serving.metadata());
    }
    return Context.current();
  }

  Context extract(Metadata metadata) {
    return propagator.extract(Context.root(), metadata, TraceHeaders.METADATA);
  }

  private void inject(CallRequest request, Context traced) {
    Map<String, String> pairs = new HashMap<>(4);
    propagator.inject(traced, pairs, TraceHeaders.HEADERS);
    request.metadata(request.metadata().merge(Metadata.of(pairs)));
  }

  /** The future, ending the span when it completes. */
  static <T> Future<T> ended(Span span, Future<T> future, boolean served) {
    return future.andThen(ar -> end(span, ar.cause(), served));
  }

  /**
   * Ends a span, marked as an error by its failure: any failure of a call or message; for a served call
   * only a server error (500 up), since a 4xx is the caller's mistake, answered as it should be.
   */
  static void end(Span span, Throwable failure, boolean served) {
    if (failure != null) {
      int code = codeOf(failure);
      span.setAttribute(ERROR_CODE, code);
      if (failure instanceof MicroException micro && micro.id() != null) {
        span.setAttribute(ERROR_ID, micro.id());
      }
      if (!served || code >= 500) {
        String status = failure instanceof MicroException micro ? micro.status() : null;
        span.setStatus(StatusCode.ERROR, status != null ? status : "error");
      }
    }
    span.end();
  }

  private static int codeOf(Throwable failure) {
    return failure instanceof MicroException micro ? micro.code() : 500;
  }
}
