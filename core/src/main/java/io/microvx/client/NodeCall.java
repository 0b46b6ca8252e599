package io.microvx.client;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selector;
import io.microvx.transport.Headers;
import io.microvx.transport.Message;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The innermost step of a call attempt: choose a node (unless the call names an address), run the
 * attempt wrappers, write go-micro's request headers and send. The outcome goes back to the selector.
 */
final class NodeCall implements Call {

  private static final CharSequence MICRO_ID = HttpHeaders.createOptimized(Headers.MICRO_ID);
  private static final CharSequence MICRO_SERVICE = HttpHeaders.createOptimized(Headers.MICRO_SERVICE);
  private static final CharSequence MICRO_ENDPOINT = HttpHeaders.createOptimized(Headers.MICRO_ENDPOINT);
  private static final CharSequence MICRO_METHOD = HttpHeaders.createOptimized(Headers.MICRO_METHOD);
  private static final CharSequence TIMEOUT = HttpHeaders.createOptimized(Headers.TIMEOUT);

  private final Selector selector;
  private final Transport transport;
  private final Call attempt;

  NodeCall(Selector selector, Transport transport, CallWrapper attemptWrappers) {
    this.selector = selector;
    this.transport = transport;
    this.attempt = attemptWrappers == null ? this::send : attemptWrappers.wrap(this::send);
  }

  @Override
  public Future<CallResponse> call(CallRequest request) {
    String address = request.options().getAddress();
    if (address != null) {
      request.node(new Node(address, address));
      return attempt.call(request);
    }
    return selector.select(request.service(), selectOptions(request)).compose(selection -> {
      Node node = selection.node();
      request.markTried(node.id());
      request.node(node);
      Future<CallResponse> result;
      try {
        result = attempt.call(request);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.andThen(ar ->
        selection.done(ar.failed() && ar.cause() instanceof TransportException ? ar.cause() : null));
    });
  }

  private static SelectOptions selectOptions(CallRequest request) {
    CallOptions options = request.options();
    if (options.getFilters().isEmpty() && options.getRoutingKey() == null && request.tried().isEmpty()) {
      return SelectOptions.NONE;
    }
    return new SelectOptions(options.getFilters(), options.getRoutingKey(), request.tried());
  }

  private Future<CallResponse> send(CallRequest request) {
    if (request.isExpired()) {
      // a zero remaining time would read as "no timeout" below
      return Future.failedFuture(MicroException.timeout("go.micro.client",
        "call to %s %s: no time left before the deadline", request.service(), request.endpoint()));
    }
    Message message = new Message(headers(request), request.body());
    return transport.request(request.node().address(), message, request.remaining()).compose(reply -> {
      String error = reply.header(Headers.MICRO_ERROR);
      if (error != null && !error.isEmpty()) {
        return Future.failedFuture(MicroException.parse(error));
      }
      return Future.succeededFuture(new CallResponse(reply.headers(), reply.body()));
    });
  }

  /** go-micro's request headers: metadata first, then the RPC headers over them (§2 of the reference). */
  static MultiMap headers(CallRequest request) {
    // validated once, by the transport, as it writes them (an invalid one fails the call with a 400)
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.metadata().forEach(headers::set);
    headers.set(HttpHeaders.CONTENT_TYPE, request.contentType());
    headers.set(HttpHeaders.ACCEPT, request.contentType());
    long deadline = request.deadline();
    if (deadline != 0) {
      headers.set(TIMEOUT, Long.toString(Math.max(1, deadline - System.nanoTime())));
    }
    headers.set(MICRO_ID, request.id());
    headers.set(MICRO_SERVICE, request.service());
    headers.set(MICRO_ENDPOINT, request.endpoint());
    headers.set(MICRO_METHOD, request.endpoint());
    return headers;
  }
}
