package io.microvx.proxy;

import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.RegistryProvider;
import io.microvx.security.Tls;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.ConnectException;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client of micro's proxy API, shared by the proxy registry, broker and the CLI: requests carry
 * the bearer token, answers other than 2xx become the {@link MicroException} the proxy sent, and a proxy
 * that is not there becomes one line telling what to do about it.
 */
public final class ProxyApi {

  /**
   * Sent with every publish: a header only scripts can set, which the proxy asks of a publish whose
   * message is not JSON (a web form on another site could post that), and takes off again.
   */
  public static final String SCRIPT_HEADER = "X-Requested-With";

  private final ProxyClientOptions options;
  private final HttpClient http;
  private final WebSocketClient webSockets;
  private final String host;
  private final int port;
  private final boolean ssl;

  public ProxyApi(Vertx vertx, ProxyClientOptions options) {
    this.options = new ProxyClientOptions(options);
    String address = options.getAddress();
    URI uri = URI.create(address.contains("://") ? address : "http://" + address);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("invalid proxy_address \"" + address + "\": expected host:port");
    }
    this.ssl = "https".equalsIgnoreCase(uri.getScheme());
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    if (options.getTlsCa() != null && !ssl) {
      throw new IllegalArgumentException("proxy_tls_ca is set but proxy_address " + address
        + " is not https://: write it as https://host:port");
    }
    HttpClientOptions httpOptions = new HttpClientOptions().setSsl(ssl).setKeepAlive(true).setName("micro-proxy-api");
    // each watch and subscription is a WebSocket for as long as it lives: Vert.x's pool of 50 per address would
    // make the 51st wait for one of them to end
    WebSocketClientOptions socketOptions = new WebSocketClientOptions().setSsl(ssl).setMaxMessageSize(16 * 1024 * 1024)
      .setMaxConnections(LONG_LIVED_SOCKETS);
    this.http = vertx.createHttpClient(ssl ? Tls.trust(httpOptions, options.getTlsCa()) : httpOptions,
      new PoolOptions().setHttp1MaxSize(32));
    this.webSockets = vertx.createWebSocketClient(ssl ? Tls.trust(socketOptions, options.getTlsCa()) : socketOptions);
  }

  /** WebSockets to the proxy at once: one per watch or subscription, not a pool to wait for. */
  static final int LONG_LIVED_SOCKETS = 1 << 16;

  public String address() {
    return options.getAddress();
  }

  /** A request to the API; completes with the body of a 2xx answer. */
  public Future<Buffer> request(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions request = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(uri)
      .setTimeout(options.getTimeout().toMillis());
    if (headers != null) {
      request.setHeaders(headers);
    }
    authorize(request.getHeaders() == null ? request.setHeaders(HttpHeaders.headers()).getHeaders() : request.getHeaders());
    return http.request(request)
      .compose(req -> (body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() / 100 != 2) {
            throw errorOf(resp.statusCode(), b);
          }
          return b;
        })))
      .recover(failure -> Future.failedFuture(unreachable(failure)));
  }

  /** A WebSocket to the API, handlers set through {@code prepare} before it connects. */
  public Future<ClientWebSocket> webSocket(String uri, MultiMap headers, java.util.function.Consumer<ClientWebSocket> prepare) {
    // no Origin: this is no page of a site, and the proxy refuses sockets of other sites' pages
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(host).setPort(port).setSsl(ssl).setURI(uri)
      .setAllowOriginHeader(false)
      .setTimeout(options.getTimeout().toMillis());
    MultiMap all = headers == null ? HttpHeaders.headers() : headers;
    authorize(all);
    connect.setHeaders(all);
    ClientWebSocket socket = webSockets.webSocket();
    prepare.accept(socket);
    return socket.connect(connect).<ClientWebSocket>map(ws -> socket)
      .recover(failure -> Future.failedFuture(failure instanceof UpgradeRejectedException refused
        ? errorOf(refused.getStatus(), refused.getBody()) : unreachable(failure)));
  }

  public Future<Void> close() {
    return Future.all(http.shutdown(0, TimeUnit.SECONDS), webSockets.shutdown(0, TimeUnit.SECONDS)).mapEmpty();
  }

  private void authorize(MultiMap headers) {
    if (options.getToken() != null) {
      headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + options.getToken());
    }
  }

  /** The proxy's error JSON (or its plain text), with the HTTP status as code when it sent none. */
  static MicroException errorOf(int status, Buffer body) {
    MicroException parsed = MicroException.parse(body == null ? "" : body.toString());
    if (parsed.code() != 0) {
      return parsed;
    }
    String detail = parsed.detail().isBlank() ? "the proxy answered " + status : parsed.detail().trim();
    return new MicroException("go.micro.proxy", detail, status);
  }

  /**
   * The registries there are besides this one, as far as this process has looked them up (on an event
   * loop: no class-path scan here); the CLI, which has not, points at {@code micro plugins}.
   */
  private static String otherRegistries() {
    Set<String> names = new TreeSet<>(Plugins.loaded(RegistryProvider.class));
    names.remove("proxy");
    return names.isEmpty() ? "`micro plugins` lists them" : "available: " + String.join(", ", names);
  }

  private MicroException unreachable(Throwable failure) {
    if (failure instanceof MicroException e) {
      return e;
    }
    if (failure instanceof ConnectException || String.valueOf(failure.getMessage()).contains("Connection refused")) {
      return new MicroException("go.micro.proxy", "nothing answers at " + options.getAddress()
        + ": start one with `micro server`, point MICRO_PROXY_ADDRESS at a running proxy, or choose a registry"
        + " with MICRO_REGISTRY (" + otherRegistries() + ")", 503, failure);
    }
    return new MicroException("go.micro.proxy", "the proxy at " + options.getAddress() + " failed: "
      + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()), 503, failure);
  }
}
