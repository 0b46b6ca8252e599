package io.microvx.client;

import io.vertx.core.Future;

/** One step of a call: takes the request, completes with the reply. Wrappers nest around it. */
@FunctionalInterface
public interface Call {

  Future<CallResponse> call(CallRequest request);
}
