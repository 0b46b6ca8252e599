package io.microvx.web.api;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the dashboard's API; errors are go-micro's error JSON with their code as the status. */
final class Replies {

  static final String ID = "go.micro.web";

  private Replies() {
  }

  static void json(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body.toBuffer());
  }

  static void json(RoutingContext ctx, JsonArray body) {
    send(ctx, 200, body.toBuffer());
  }

  static void error(RoutingContext ctx, Throwable failure) {
    MicroException error = MicroException.from(ID, failure);
    int status = error.code() >= 400 && error.code() <= 599 ? error.code() : 500;
    send(ctx, status, Buffer.buffer(error.toJson()));
  }

  private static void send(RoutingContext ctx, int status, Buffer body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(body);
  }

  /** The request's JSON object body, or a 400. */
  static JsonObject body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      throw MicroException.badRequest(ID, "the body is not a JSON object");
    }
  }
}
