package io.microvx.bench.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Where the traced systems' spans go: an OTLP/HTTP endpoint on 127.0.0.1 that reads each export and
 * answers 200, as a collector would, and keeps nothing. Runs on the client's Vert.x.
 */
final class SpanSink {

  private final HttpServer server;

  private SpanSink(Vertx vertx) throws Exception {
    this.server = RpcSystem.await(vertx.createHttpServer()
      .requestHandler(request -> request.body().onComplete(body -> {
        request.response().putHeader("Content-Type", "application/x-protobuf").end();
      }))
      .listen(0, "127.0.0.1"));
  }

  static SpanSink start(Vertx vertx) throws Exception {
    return new SpanSink(vertx);
  }

  /** The OTLP traces URL. */
  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1/traces";
  }
}
