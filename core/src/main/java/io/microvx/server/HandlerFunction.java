package io.microvx.server;

import io.vertx.core.Future;

/** One step of serving a unary call: takes the decoded request, completes with the reply object. */
@FunctionalInterface
public interface HandlerFunction {

  Future<Object> handle(ServerRequest request);
}
