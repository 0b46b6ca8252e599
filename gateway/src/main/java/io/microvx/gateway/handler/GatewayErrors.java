package io.microvx.gateway.handler;

import io.microvx.errors.MicroException;
import io.microvx.metadata.Ids;
import io.microvx.transport.TransportException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway answers failures: always go-micro's error JSON as the body, never a stack trace. A
 * call's error keeps its code as the HTTP status (micro's rule), with the gateway's own readings of the
 * client's failures: 404 no such service, 503 no node answered, 504 the deadline passed, and code 0
 * (a plain-text error) as 500 {@code error during request: …}.
 */
public final class GatewayErrors {

  /** The id of errors the gateway itself produces. */
  public static final String ID = "go.micro.api";

  private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private GatewayErrors() {
  }

  /** The error to answer with for a failed call to a service; its code is the HTTP status to use. */
  public static MicroException ofCall(String service, Throwable failure) {
    if (failure instanceof TransportException t) {
      // which node, at which address, failed how: the gateway's log knows, the caller need not
      log.debug("call to {} failed: {}", service, t.detail());
      if (t.code() == 408) {
        return new MicroException(ID, "service " + service + " did not answer in time", 504);
      }
      if (t.getCause() != null || t.code() >= 500) {
        return new MicroException(ID, "service " + service + ": no node answered", 503);
      }
      return t;
    }
    if (failure instanceof MicroException e) {
      if (e.code() == 408) {
        return new MicroException(ID, e.detail(), 504);
      }
      if (e.code() == 0) {
        return new MicroException(ID, "error during request: " + e.detail(), 500);
      }
      return e;
    }
    String id = Ids.uuid();
    log.warn("call to {} failed (request id {})", service, id, failure);
    return MicroException.from(ID, failure, id);
  }

  /** An error of the gateway's own. */
  public static MicroException of(int code, String detail) {
    return new MicroException(ID, detail, code);
  }

  /** The HTTP status for an error: its code when that is an error status, else 500. */
  public static int status(MicroException error) {
    int code = error.code();
    return code >= 400 && code <= 599 ? code : 500;
  }

  /** Answers with the error, unless the response already started (then the connection is reset). */
  public static void send(RoutingContext ctx, MicroException error) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status(error))
      .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
      .end(error.toJson());
  }

  public static void send(RoutingContext ctx, int code, String detail) {
    send(ctx, of(code, detail));
  }
}
