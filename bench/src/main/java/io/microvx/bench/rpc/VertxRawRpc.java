package io.microvx.bench.rpc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The practical limit: a bare Vert.x {@link HttpClient} posting the JSON to a bare Vert.x {@link HttpServer}
 * that decodes and echoes it. Same layout as {@link MicroRpc}: own Vert.x each side, one server verticle,
 * callers on one client context, keep-alive pool of 100 connections, TCP_NODELAY.
 */
final class VertxRawRpc implements RpcSystem {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final Vertx serverVertx;
  private final Vertx clientVertx;
  private final HttpClient client;
  private final Context callers;
  private final int port;

  private VertxRawRpc(Vertx serverVertx, Vertx clientVertx) throws Exception {
    this.serverVertx = serverVertx;
    this.clientVertx = clientVertx;
    HttpServer[] server = new HttpServer[1];
    RpcSystem.await(serverVertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        server[0] = vertx.createHttpServer(new HttpServerOptions()
            .setHost("127.0.0.1").setPort(0).setTcpNoDelay(true).setCompressionSupported(false))
          .requestHandler(request -> request.body().onSuccess(body -> {
            Payload echoed = RpcSystem.decode(body.getBytes());
            request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(RpcSystem.encode(echoed)));
          }));
        return server[0].listen();
      }
    }));
    this.port = server[0].actualPort();
    this.client = clientVertx.createHttpClient(
      new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false),
      new PoolOptions().setHttp1MaxSize(100));
    this.callers = clientVertx.getOrCreateContext();
  }

  static VertxRawRpc start() throws Exception {
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      return new VertxRawRpc(server, client);
    } catch (Exception | Error e) {
      client.close();
      server.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "vertx-raw";
  }

  @Override
  public Executor callers() {
    return task -> callers.runOnContext(v -> task.run());
  }

  private Future<Payload> post() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI("/");
    // the body is read inside send's callback, as the http transport does (docs/architecture.md, traps)
    return client.request(options).compose(request -> {
      request.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
      return request.send(Buffer.buffer(RpcSystem.encode(Payload.SAMPLE)))
        .compose(response -> response.body().map(body -> RpcSystem.decode(body.getBytes())));
    });
  }

  @Override
  public void call(Done done) {
    post().onComplete(ar -> done.done(ar.cause()));
  }

  @Override
  public Payload callOnce() throws Exception {
    return RpcSystem.await(post());
  }

  @Override
  public void close() throws Exception {
    try {
      RpcSystem.await(client.shutdown(0, TimeUnit.SECONDS));
    } finally {
      RpcSystem.await(Future.all(clientVertx.close(), serverVertx.close()));
    }
  }
}
