package io.microvx.proxy.server;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/** Answers in the proxy API's terms: JSON bodies, errors as go-micro error JSON with their status. */
final class Replies {

  private Replies() {
  }

  static void json(RoutingContext ctx, Buffer body) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
  }

  static void ok(RoutingContext ctx) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(200).end();
    }
  }

  /** The error with the HTTP status of its code (500 for a code that is not one). */
  static void error(RoutingContext ctx, MicroException error) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    int status = error.code() >= 400 && error.code() <= 599 ? error.code() : 500;
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(error.toJson());
  }

  static void error(RoutingContext ctx, Throwable failure) {
    error(ctx, MicroException.from("go.micro.proxy", failure));
  }

  /**
   * Upgrades the request to a WebSocket only once {@code ready} (a subscription, a watch) succeeded, so a
   * client whose socket opened knows it is live; a failure of either is the HTTP answer. The request is
   * paused meanwhile: the upgrade needs the request's end, which would otherwise pass unseen while waiting.
   */
  static Future<ServerWebSocket> upgradeAfter(RoutingContext ctx, Future<?> ready) {
    ctx.request().pause();
    return ready.compose(v -> ctx.request().toWebSocket()).onFailure(err -> error(ctx, err));
  }
}
