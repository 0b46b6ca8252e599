package io.microvx.gateway.handler;

import io.microvx.errors.MicroException;
import io.microvx.gateway.route.Route;
import io.microvx.registry.Node;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.microvx.transport.TransportException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * micro's {@code http} and {@code web} handlers on Vert.x's reverse proxy ({@code vertx-http-proxy}):
 * the node is chosen by the selector first (so an unknown or node-less service is answered 404 or 503
 * with an error JSON, not a bare 502), then the proxy streams the request and reply bodies and, for a
 * WebSocket upgrade, splices the two connections. The forwarded path is the normalized one, identity
 * headers are the gateway's, and a node that cannot be reached or does not answer in time gets 503 or 504.
 */
final class ServiceProxy implements GatewayHandler {

  private static final String FAILURE = "micro.proxy.failure";

  private final Selector selector;
  private final HttpClient http;
  private final Duration timeout;
  private final ProxyOptions proxyOptions = new ProxyOptions().setSupportWebSocket(true);

  ServiceProxy(Selector selector, HttpClient http, Duration timeout) {
    this.selector = selector;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public void handle(RoutingContext ctx, Route route) {
    HttpServerRequest request = ctx.request();
    // the body is streamed, not read: hold it until there is somewhere to send it
    request.pause();
    selector.select(route.service(), SelectOptions.NONE).onComplete(ar -> {
      if (ar.failed()) {
        request.resume();
        GatewayErrors.send(ctx, GatewayErrors.ofCall(route.service(), ar.cause()));
        return;
      }
      Selection selection = ar.result();
      Node node = selection.node();
      HttpProxy proxy = HttpProxy.reverseProxy(proxyOptions, http)
        .origin(proxyContext -> http.request(new RequestOptions()
          .setHost(node.host())
          .setPort(node.port())
          .setConnectTimeout(timeout.toMillis())
          .setIdleTimeout(timeout.toMillis())))
        .addInterceptor(new Forwarding(ctx, route, selection), true);
      proxy.handle(request);
    });
  }

  /** Rewrites what is forwarded, and turns a failure to reach the node into the gateway's error. */
  private static final class Forwarding implements ProxyInterceptor {
    private final RoutingContext ctx;
    private final Route route;
    private final Selection selection;

    Forwarding(RoutingContext ctx, Route route, Selection selection) {
      this.ctx = ctx;
      this.route = route;
      this.selection = selection;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext proxyContext) {
      ProxyRequest request = proxyContext.request();
      String query = ctx.request().query();
      request.setURI(query == null ? route.path() : route.path() + "?" + query);
      request.headers().remove(CallMetadata.SUBJECT).remove(CallMetadata.METHOD);
      String consumed = CallMetadata.consumedHeader(ctx);
      if (consumed != null) {
        request.headers().remove(consumed);
      }
      String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
      if (remote != null) {
        String forwarded = request.headers().get("X-Forwarded-For");
        request.headers().set("X-Forwarded-For", forwarded == null ? remote : forwarded + ", " + remote);
      }
      User user = ctx.user();
      if (user != null) {
        String subject = CallMetadata.subject(user);
        if (subject != null) {
          request.headers().set(CallMetadata.SUBJECT, subject);
        }
        request.headers().set(CallMetadata.METHOD, user.attributes().getString("auth_method", "jwt"));
      }
      return proxyContext.sendRequest().recover(failure -> {
        proxyContext.set(FAILURE, failure);
        return Future.failedFuture(failure);
      });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext proxyContext) {
      Throwable failure = proxyContext.get(FAILURE, Throwable.class);
      if (failure == null) {
        selection.done(null);
        return proxyContext.sendResponse();
      }
      boolean timedOut = isTimeout(failure);
      selection.done(timedOut
        ? TransportException.timeout("proxy to " + selection.node().address() + " timed out", failure)
        : new TransportException("cannot reach " + selection.node().address(), 503, failure));
      MicroException error = timedOut
        ? GatewayErrors.of(504, "service " + route.service() + " did not answer in time")
        : GatewayErrors.of(503, "service " + route.service() + ": no node answered: " + describe(failure));
      proxyContext.response()
        .setStatusCode(error.code())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .setBody(Body.body(Buffer.buffer(error.toJson())));
      return proxyContext.sendResponse();
    }

    private static boolean isTimeout(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof TimeoutException) {
          return true;
        }
      }
      return false;
    }

    private static String describe(Throwable failure) {
      return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
  }
}
