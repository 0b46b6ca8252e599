package io.microvx.transport;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * go-micro's {@code http} transport on Vert.x: unary calls as {@code POST /} over pooled keep-alive
 * HTTP/1.1 connections, streams over a WebSocket upgrade of the same port.
 */
final class HttpTransport implements Transport {

  /** How late a call past its deadline may fail: the period of the one check of every call's deadline. */
  private static final Duration DEADLINE_CHECK = Duration.ofMillis(10);

  private final Vertx vertx;
  private final HttpTransportOptions options;
  private final HttpClient client;
  // one periodic check of the calls' deadlines instead of an idle timer armed and cancelled per request
  private final DeadlineSweep<InFlight> deadlines;
  private volatile WebSocketClient webSockets;

  /** A request in flight, the deadline of its call, and whether the check reset it for passing it. */
  private static final class InFlight {
    private final HttpClientRequest request;
    private final long deadline;
    private volatile boolean expired;

    InFlight(HttpClientRequest request, long deadline) {
      this.request = request;
      this.deadline = deadline;
    }

    boolean passed() {
      return System.nanoTime() - deadline >= 0;
    }

    void expire() {
      expired = true;
      request.reset(); // fails the call with the reset, which the call's recovery reads as the timeout it is
    }
  }

  HttpTransport(Vertx vertx, HttpTransportOptions options) {
    this.vertx = vertx;
    this.options = new HttpTransportOptions(options);
    HttpClientOptions clientOptions = new HttpClientOptions()
      .setKeepAlive(true)
      .setKeepAliveTimeout((int) Math.max(1, options.getPoolTtl().toSeconds()))
      .setTcpNoDelay(true)
      .setDecompressionSupported(false)
      .setConnectTimeout((int) options.getConnectTimeout().toMillis())
      .setName("micro-http-transport");
    PoolOptions poolOptions = new PoolOptions()
      .setHttp1MaxSize(options.getPoolSize())
      .setMaxLifetime((int) options.getPoolTtl().toMillis())
      .setMaxLifetimeUnit(TimeUnit.MILLISECONDS);
    this.client = vertx.createHttpClient(clientOptions, poolOptions);
    this.deadlines = DeadlineSweep.create(vertx, DEADLINE_CHECK, InFlight::passed, InFlight::expire);
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Future<Message> request(String address, Message request, Duration timeout) {
    RequestOptions requestOptions;
    try {
      requestOptions = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(host(address))
        .setPort(port(address))
        .setURI("/")
        .setHeaders(request.headers());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new TransportException(e.getMessage(), 500, e));
    }
    long deadline = timeout == null || timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
    if (deadline != 0) {
      requestOptions.setConnectTimeout(Math.max(1, Math.min(timeout.toMillis(), options.getConnectTimeout().toMillis())));
    }
    // read the body in the callback of the request's own send: chained outside it, the callback can run a
    // task later, on another thread, after the body went by unread (seen with calls made off the event loop)
    return client.request(requestOptions)
      .compose(req -> {
        Future<Message> reply = req.send(request.body())
          .compose(response -> response.body().map(body -> reply(address, response, body)));
        if (deadline == 0) {
          return reply;
        }
        InFlight inFlight = new InFlight(req, deadline);
        deadlines.watch(inFlight);
        return reply.andThen(done -> deadlines.unwatch(inFlight)).recover(failure -> Future.failedFuture(
          inFlight.expired ? new TimeoutException("no answer within the call's deadline") : failure));
      })
      .recover(failure -> Future.failedFuture(TransportException.of(address, failure)));
  }

  private static Message reply(String address, HttpClientResponse response, Buffer body) {
    if (response.statusCode() != 200) {
      String error = response.getHeader(Headers.MICRO_ERROR);
      if (error != null) {
        // a refusal below the RPC layer (413) that still says why in go-micro's terms
        MicroException parsed = MicroException.parse(error);
        throw new TransportException(parsed.detail(), response.statusCode(), null);
      }
      throw new TransportException(response.statusCode() + ": " + truncate(body.toString()), response.statusCode(), null);
    }
    return new Message(response.headers(), body);
  }

  @Override
  public Future<TransportStream> openStream(String address, Message header, Duration timeout) {
    WebSocketConnectOptions connect;
    try {
      connect = new WebSocketConnectOptions()
        .setHost(host(address))
        .setPort(port(address))
        .setURI("/")
        .setHeaders(header.headers());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new TransportException(e.getMessage(), 500, e));
    }
    if (timeout != null && !timeout.isZero()) {
      connect.setTimeout(Math.max(1, timeout.toMillis()));
    }
    // handlers go on before connecting: a reply sent at once (an error, say) cannot slip past them
    ClientWebSocket socket = webSockets().webSocket();
    TransportStream stream = new WebSocketStream(socket, header, address, options.getMaxMessageSize());
    return socket.connect(connect)
      .map(stream)
      .recover(failure -> Future.failedFuture(failure instanceof UpgradeRejectedException rejected && rejected.getStatus() == 200
        ? notAStreamServer(address) : TransportException.of(address, failure)));
  }

  /**
   * A node that answers the upgrade with 200 served it as a unary call: a go-micro service, whose streams
   * travel on a hijacked socket this client does not speak. Not the node's fault (it stays in rotation for
   * unary calls), and 501 so that no other node of the service is tried in vain.
   */
  private static MicroException notAStreamServer(String address) {
    return new MicroException("go.micro.client", "the node at " + address + " answered the stream's WebSocket upgrade"
      + " as a unary call: it does not stream over WebSocket (a go-micro service streams on a hijacked socket,"
      + " which this client does not speak); call a unary endpoint", 501);
  }

  @Override
  public Future<TransportServer> listen(String address, String advertise, TransportHandler handler) {
    return HttpTransportServer.listen(vertx, options, address, advertise, handler);
  }

  @Override
  public Future<Void> close() {
    WebSocketClient ws = webSockets;
    Future<Void> wsClosed = ws == null ? Future.succeededFuture() : ws.shutdown(0, TimeUnit.SECONDS);
    return wsClosed.eventually(() -> client.shutdown(0, TimeUnit.SECONDS));
  }

  private WebSocketClient webSockets() {
    WebSocketClient ws = webSockets;
    if (ws == null) {
      synchronized (this) {
        ws = webSockets;
        if (ws == null) {
          ws = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxMessageSize(options.getMaxMessageSize())
            .setConnectTimeout((int) options.getConnectTimeout().toMillis())
            // a stream holds its WebSocket for its whole life: Vert.x's pool of 50 per address would keep the
            // 51st stream to a node waiting for one of the others to end
            .setMaxConnections(1 << 16)
            .setName("micro-http-transport-streams"));
          webSockets = ws;
        }
      }
    }
    return ws;
  }

  static String host(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid node address \"" + address + "\": expected host:port");
    }
    String host = address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static int port(String address) {
    int colon = address.lastIndexOf(':');
    try {
      int port = Integer.parseInt(address, colon + 1, address.length(), 10);
      if (port <= 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("invalid node address \"" + address + "\": expected host:port", e);
    }
  }

  private static String truncate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
