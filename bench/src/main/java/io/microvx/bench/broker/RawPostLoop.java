package io.microvx.bench.broker;

import io.microvx.bench.load.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker scenario's peer: what publishing over HTTP costs at the least. A bare Vert.x client POSTs the
 * message to a bare Vert.x server, whose handler takes delivery (counts it) and answers 204; one call is one
 * message published and delivered, as the http broker's POST to a subscriber is.
 */
public final class RawPostLoop implements Target, AutoCloseable {

  private final Vertx serverVertx;
  private final Vertx clientVertx;
  private final HttpClient client;
  private final Context callers;
  private final Buffer message;
  private final int port;
  private final AtomicLong delivered = new AtomicLong();

  private RawPostLoop(Vertx serverVertx, Vertx clientVertx, Buffer message) throws Exception {
    this.serverVertx = serverVertx;
    this.clientVertx = clientVertx;
    this.message = message;
    HttpServer[] server = new HttpServer[1];
    serverVertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        server[0] = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
          .requestHandler(request -> request.body().onSuccess(body -> {
            delivered.incrementAndGet();
            request.response().setStatusCode(204).end();
          }));
        return server[0].listen();
      }
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    this.port = server[0].actualPort();
    this.client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(100));
    this.callers = clientVertx.getOrCreateContext();
  }

  /** Listens on 127.0.0.1 (a port the system picks) and posts {@code message} on each call. */
  public static RawPostLoop start(Buffer message) throws Exception {
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      return new RawPostLoop(server, client, message);
    } catch (Exception | Error e) {
      client.close();
      server.close();
      throw e;
    }
  }

  public long delivered() {
    return delivered.get();
  }

  @Override
  public Executor callers() {
    return task -> callers.runOnContext(v -> task.run());
  }

  @Override
  public void call(Done done) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/bench").putHeader("Content-Type", "application/json");
    client.request(options)
      .compose(request -> request.send(message).compose(response -> response.body()))
      .onComplete(ar -> done.done(ar.cause()));
  }

  @Override
  public void close() throws Exception {
    try {
      client.shutdown(0, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      Future.all(clientVertx.close(), serverVertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
