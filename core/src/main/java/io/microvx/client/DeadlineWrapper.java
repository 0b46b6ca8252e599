package io.microvx.client;

import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.vertx.core.Future;

import java.time.Duration;

/** Sets each call's deadline and inherited metadata from the request being served, if any. */
final class DeadlineWrapper implements CallWrapper {

  private final ClientOptions defaults;

  DeadlineWrapper(ClientOptions defaults) {
    this.defaults = defaults;
  }

  @Override
  public Call wrap(Call next) {
    return request -> {
      Duration timeout = request.options().getTimeout();
      long deadline = System.nanoTime() + (timeout != null ? timeout : defaults.getRequestTimeout()).toNanos();
      CallContext serving = CallContext.current();
      if (serving != null) {
        if (serving.deadline() != 0 && serving.deadline() - deadline < 0) {
          deadline = serving.deadline();
        }
        request.metadata(serving.metadata().merge(request.metadata()));
      }
      request.deadline(deadline == 0 ? 1 : deadline);
      if (request.isExpired()) {
        return Future.failedFuture(MicroException.timeout("go.micro.client",
          "call to %s %s: no time left before the deadline", request.service(), request.endpoint()));
      }
      return next.call(request);
    };
  }
}
