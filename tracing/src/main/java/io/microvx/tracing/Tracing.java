package io.microvx.tracing;

import io.microvx.plugin.ServiceWrappers;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;

import java.util.Objects;

/**
 * Traces from an OpenTelemetry of your own. The spans each part makes:
 *
 * <ul>
 *   <li>a gateway request: {@code SERVER}, {@code GET /greeter/say/hello} renamed to its route when answered,
 *   with the HTTP method, route and status; an incoming {@code traceparent} is its parent;</li>
 *   <li>a call: {@code INTERNAL}, {@code greeter/Say.Hello}, around all its attempts; each attempt a
 *   {@code CLIENT} child with the node's address and {@code micro.attempt};</li>
 *   <li>a call served: {@code SERVER}, {@code greeter/Say.Hello}, child of the caller's attempt; what the
 *   handler calls or publishes is its child;</li>
 *   <li>a publication: {@code PRODUCER}, {@code user.signup publish}; a delivery: {@code CONSUMER},
 *   {@code user.signup process}, child of the publication.</li>
 * </ul>
 *
 * Calls carry {@code rpc.system=go-micro}, {@code rpc.service} and {@code rpc.method}; messages
 * {@code messaging.system} (the broker's name) and {@code messaging.destination.name}. A failure sets the
 * span's status to error (a served call's only from 500 up) with go-micro's error code and id. The
 * {@code Debug.*} endpoints, which the dashboard and CLI poll, are not traced.
 */
public final class Tracing {

  /** The instrumentation scope of every span made here. */
  public static final String SCOPE = "io.microvx";

  private Tracing() {
  }

  /**
   * Wrappers making spans with the given OpenTelemetry (its tracer provider and propagators), for
   * {@code MicroService.Builder#wrap} or {@code Gateway.Builder#wrap}. Closing them leaves the
   * OpenTelemetry open: it is the caller's.
   */
  public static ServiceWrappers wrappers(OpenTelemetry openTelemetry) {
    return new TracingWrappers(Objects.requireNonNull(openTelemetry, "openTelemetry"), Future::succeededFuture);
  }
}
