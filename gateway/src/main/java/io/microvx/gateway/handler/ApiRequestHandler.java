package io.microvx.gateway.handler;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.gateway.route.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;

/**
 * micro's {@code api} handler: the request goes to the service as {@code go.api.Request}
 * ({@code {method, path, header, get, post, body, url}}, each map value a {@code {key, values}} pair) and
 * the reply is read as {@code go.api.Response} ({@code {statusCode, header, body}}): status 0 is 200, and
 * the content type defaults to JSON. A reply that is not such an object is a 502.
 */
final class ApiRequestHandler implements GatewayHandler {

  /** Headers of the reply the gateway sets itself. */
  private static final Set<String> OWN_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
    "keep-alive", "upgrade", "te", "trailer");

  private final Client client;

  ApiRequestHandler(Client client) {
    this.client = client;
  }

  @Override
  public void handle(RoutingContext ctx, Route route) {
    JsonObject request;
    try {
      request = request(ctx);
    } catch (RuntimeException e) {
      GatewayErrors.send(ctx, 400, "invalid request: " + e.getMessage());
      return;
    }
    CallOptions options = new CallOptions()
      .setContentType(Codecs.JSON)
      .setMetadata(CallMetadata.of(ctx))
      .setTimeout(Deadlines.remaining(ctx));
    client.call(route.service(), route.endpoint(), request.toBuffer(), Buffer.class, options).onComplete(ar -> {
      if (ar.failed()) {
        GatewayErrors.send(ctx, GatewayErrors.ofCall(route.service(), ar.cause()));
        return;
      }
      try {
        respond(ctx.response(), ar.result());
      } catch (RuntimeException e) {
        ctx.response().headers().clear();
        GatewayErrors.send(ctx, new MicroException(GatewayErrors.ID,
          "service " + route.service() + " sent an invalid api response: " + e.getMessage(), 502));
      }
    });
  }

  static JsonObject request(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    JsonObject header = pairs(req.headers());
    SocketAddress remote = req.remoteAddress();
    if (remote != null && remote.hostAddress() != null) {
      header.put("X-Forwarded-For", pair("X-Forwarded-For", remote.hostAddress()));
    }
    if (req.authority() != null) {
      header.put("Host", pair("Host", req.authority().toString()));
    }
    JsonObject json = new JsonObject()
      .put("method", req.method().name())
      .put("path", ctx.normalizedPath())
      .put("header", header)
      .put("get", pairs(ctx.queryParams()))
      .put("url", req.absoluteURI() == null ? req.uri() : req.absoluteURI());
    String type = Payloads.bareType(req.getHeader(HttpHeaders.CONTENT_TYPE));
    if (type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")) {
      json.put("post", pairs(req.formAttributes()));
    } else {
      json.put("post", new JsonObject());
    }
    RequestBody body = ctx.body();
    json.put("body", body == null || body.buffer() == null ? "" : body.buffer().toString());
    return json;
  }

  private static JsonObject pairs(MultiMap values) {
    JsonObject json = new JsonObject();
    for (String name : values.names()) {
      json.put(name, new JsonObject().put("key", name).put("values", new JsonArray(values.getAll(name))));
    }
    return json;
  }

  private static JsonObject pair(String key, String value) {
    return new JsonObject().put("key", key).put("values", new JsonArray().add(value));
  }

  static void respond(HttpServerResponse response, Buffer reply) {
    if (response.ended() || response.closed()) {
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(reply);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Object status = json.getValue("statusCode");
    int code = status instanceof Number n ? n.intValue() : 0;
    if (code == 0) {
      code = 200;
    }
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("statusCode " + code);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    JsonObject header = json.getValue("header") instanceof JsonObject h ? h : new JsonObject();
    for (Map.Entry<String, Object> entry : header) {
      if (OWN_HEADERS.contains(entry.getKey().toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      if (entry.getValue() instanceof JsonObject p && p.getValue("values") instanceof JsonArray values) {
        String name = p.getString("key", entry.getKey());
        for (Object value : values) {
          headers.add(name, String.valueOf(value));
        }
      }
    }
    if (!headers.contains(HttpHeaders.CONTENT_TYPE)) {
      headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    Object body = json.getValue("body");
    // header names and values are checked by Vert.x as they are set: a bad one throws before anything is sent
    response.headers().addAll(headers);
    response.setStatusCode(code).end(body == null ? "" : String.valueOf(body));
  }
}
