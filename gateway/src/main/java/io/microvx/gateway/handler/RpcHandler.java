package io.microvx.gateway.handler;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.gateway.route.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** micro's {@code rpc} handler: payload → call → the reply's bytes with the call's content type. */
final class RpcHandler implements GatewayHandler {

  private final Client client;

  RpcHandler(Client client) {
    this.client = client;
  }

  @Override
  public void handle(RoutingContext ctx, Route route) {
    Payloads.Payload payload;
    try {
      payload = Payloads.of(ctx);
    } catch (MicroException e) {
      GatewayErrors.send(ctx, e);
      return;
    }
    call(client, ctx, route.service(), route.endpoint(), payload.body(), payload.contentType(), new CallOptions());
  }

  /** Calls and answers; shared with {@code /rpc}. */
  static void call(Client client, RoutingContext ctx, String service, String endpoint, Buffer body, String contentType,
                   CallOptions options) {
    options.setContentType(contentType)
      .setMetadata(CallMetadata.of(ctx))
      .setTimeout(Deadlines.remaining(ctx));
    client.call(service, endpoint, body, Buffer.class, options).onComplete(ar -> {
      if (ar.failed()) {
        GatewayErrors.send(ctx, GatewayErrors.ofCall(service, ar.cause()));
        return;
      }
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(ar.result());
      }
    });
  }
}
