package io.microvx.web.proxy;

import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.web.WebDashboardOptions;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The reverse proxy on Vert.x's {@code vertx-http-proxy}, as the gateway's {@code web} handler uses it: the
 * node is chosen first from the registry view (so an unknown name is answered at once, without touching
 * the registry), then the proxy streams the bodies or splices the WebSocket, and an interceptor rewrites
 * the path and headers and turns a node that cannot be reached into a 502 page.
 */
final class ReverseProxy implements WebProxy {

  private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);
  private static final String FAILURE = "micro.web.failure";
  private static final MediaType HTML = MediaType.parse("text/html; charset=utf-8");

  private final RegistryMirror view;
  private final WebDashboardOptions options;
  private final BiConsumer<RoutingContext, MultiMap> forwardHeaders;
  private final HttpClient http;
  private final ProxyOptions proxyOptions = new ProxyOptions().setSupportWebSocket(true);

  ReverseProxy(Vertx vertx, RegistryMirror view, WebDashboardOptions options, BiConsumer<RoutingContext, MultiMap> forwardHeaders) {
    this.view = view;
    this.options = new WebDashboardOptions(options);
    this.forwardHeaders = forwardHeaders;
    // redirects are the browser's business: the proxy passes them on, it never follows them to another host
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
      .setConnectTimeout((int) options.getProxyTimeout().toMillis()), new PoolOptions().setHttp1MaxSize(32));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    int slash = path.indexOf('/', 1);
    String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
    if (!WebProxy.isProxyName(name)) {
      ErrorPages.send(ctx, 404, "Not found", "There is no page at " + path + ".");
      return;
    }
    String service = options.getNamespace() + "." + name;
    List<Node> nodes = new ArrayList<>();
    for (Service version : view.service(service)) {
      nodes.addAll(version.nodes());
    }
    if (nodes.isEmpty()) {
      ErrorPages.send(ctx, 404, "No such web service",
        "No web service " + service + " is registered, so there is nothing to show at /" + name + "/.");
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean webSocket = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    if (slash < 0 && !webSocket && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)) {
      // relative links of the service's pages resolve under /name/ only with the slash
      String query = request.query();
      ctx.response().setStatusCode(307).putHeader(HttpHeaders.LOCATION, "/" + name + "/" + (query == null ? "" : "?" + query)).end();
      return;
    }
    Node node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    String rest = slash < 0 ? "/" : path.substring(slash);
    RequestOptions origin = new RequestOptions().setHost(node.host()).setPort(node.port())
      .setConnectTimeout(options.getProxyTimeout().toMillis());
    if (!webSocket) {
      // a WebSocket may rightly stay quiet for long; a plain request that stalls this long is given up
      origin.setIdleTimeout(options.getProxyTimeout().toMillis());
    }
    HttpProxy.reverseProxy(proxyOptions, http)
      .origin(proxyContext -> http.request(origin))
      .addInterceptor(new Forwarding(ctx, name, service, node, rest), true)
      .handle(request);
  }

  @Override
  public Future<Void> close() {
    return http.close();
  }

  /** Rewrites what is forwarded, and answers for a node that cannot be reached. */
  private final class Forwarding implements ProxyInterceptor {
    private final RoutingContext ctx;
    private final String name;
    private final String service;
    private final Node node;
    private final String rest;

    Forwarding(RoutingContext ctx, String name, String service, Node node, String rest) {
      this.ctx = ctx;
      this.name = name;
      this.service = service;
      this.node = node;
      this.rest = rest;
    }

    @Override
    public Future<io.vertx.httpproxy.ProxyResponse> handleProxyRequest(ProxyContext proxyContext) {
      ProxyRequest request = proxyContext.request();
      HttpServerRequest incoming = ctx.request();
      String query = incoming.query();
      request.setURI(query == null ? rest : rest + "?" + query);
      MultiMap headers = request.headers();
      headers.set("X-Micro-Web-Base-Path", "/" + name);
      String remote = incoming.remoteAddress() == null ? null : incoming.remoteAddress().hostAddress();
      if (remote != null) {
        String forwarded = headers.get("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwarded == null ? remote : forwarded + ", " + remote);
      }
      if (incoming.authority() != null) {
        headers.set("X-Forwarded-Host", incoming.authority().toString());
      }
      headers.set("X-Forwarded-Proto", incoming.isSSL() ? "https" : "http");
      headers.set("X-Forwarded-Prefix", "/" + name);
      forwardHeaders.accept(ctx, headers);
      return proxyContext.sendRequest().recover(failure -> {
        proxyContext.set(FAILURE, failure);
        return Future.failedFuture(failure);
      });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext proxyContext) {
      Throwable failure = proxyContext.get(FAILURE, Throwable.class);
      if (failure == null) {
        return proxyContext.sendResponse();
      }
      boolean timedOut = causedBy(failure, TimeoutException.class);
      log.info("web service {} at {} failed: {}", service, node.address(), describe(failure));
      int status = timedOut ? 504 : 502;
      String page = ErrorPages.page(status, timedOut ? "The web service did not answer in time" : "The web service cannot be reached",
        (timedOut ? "No answer from " : causedBy(failure, ConnectException.class) ? "Nothing accepts connections at " : "The connection failed at ")
          + node.address() + ", the node of " + service + " picked for /" + name + "/ (" + describe(failure)
          + "). It may have stopped without deregistering; its registration lapses with its TTL.");
      proxyContext.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", ErrorPages.CSP)
        .setBody(Body.body(Buffer.buffer(page), HTML));
      return proxyContext.sendResponse();
    }
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
