package io.microvx.bench.startup;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The start-up peer: a bare Vert.x HTTP server answering {@code ok}, on 127.0.0.1 and a port the system picks. */
public class BareHttpVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
      .requestHandler(request -> request.response().end("ok"))
      .listen(config().getInteger("port", 0), config().getString("host", "127.0.0.1"));
  }
}
