package io.microvx.gateway.handler;

import io.microvx.broker.Broker;
import io.microvx.client.Client;
import io.microvx.gateway.route.Route;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Serves a request once it is routed, authenticated and within its limits: micro's {@code rpc},
 * {@code api}, {@code http}, {@code web} and {@code event} handlers, and streams over WebSocket. The
 * body has been read for handlers whose {@link Route.Kind#readsBody()} says so; the proxies stream it.
 * Every failure is answered with go-micro's error JSON ({@link GatewayErrors}).
 */
public interface GatewayHandler {

  void handle(RoutingContext ctx, Route route);

  /** JSON or form body (query for GET) → RPC → the reply as it came. */
  static GatewayHandler rpc(Client client) {
    return new RpcHandler(client);
  }

  /** The whole request as {@code {method, path, header, get, post, body, url}}; the reply's status, headers and body honoured. */
  static GatewayHandler api(Client client) {
    return new ApiRequestHandler(client);
  }

  /** Reverse proxy to a node of the service (WebSocket upgrades too), bodies streamed both ways. */
  static GatewayHandler proxy(Selector selector, HttpClient http, Duration timeout) {
    return new ServiceProxy(selector, http, timeout);
  }

  /** Publishes the request as a {@code go.api.Event} on the route's topic. */
  static GatewayHandler event(Broker broker) {
    return new EventPublisher(broker);
  }

  /**
   * micro's {@code POST /rpc}: {@code {"service", "endpoint" (or "method"), "request", "address"?}} as JSON
   * or form fields; the {@code Timeout} header in seconds.
   */
  static Handler<RoutingContext> rpcEndpoint(Client client, Registry registry) {
    return new RpcEndpoint(client, registry);
  }

  /** A WebSocket to a stream endpoint: messages in are requests, replies go out as text messages. */
  /** The service and endpoint a {@code POST /rpc} body names, or null. */
  static io.microvx.gateway.route.MicroPaths.Target rpcTarget(RoutingContext ctx) {
    return RpcEndpoint.target(ctx);
  }

  static GatewayHandler stream(Client client) {
    return new StreamBridge(client);
  }
}
