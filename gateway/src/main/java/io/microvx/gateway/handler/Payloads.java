package io.microvx.gateway.handler;

import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * The RPC payload of a request, as micro's rpc handler makes it: the query as JSON for GET, the form
 * fields as JSON for form posts, otherwise the body as it came. Protobuf and octet-stream bodies keep
 * their type; anything else is sent as JSON, an empty body as {@code {}}.
 */
final class Payloads {

  private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

  record Payload(Buffer body, String contentType) {
  }

  private Payloads() {
  }

  static Payload of(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String type = bareType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return new Payload(query(ctx), Codecs.JSON);
    }
    if (isForm(ctx, type)) {
      return new Payload(fields(ctx.request().formAttributes()).toBuffer(), Codecs.JSON);
    }
    RequestBody requestBody = ctx.body();
    Buffer body = requestBody == null || requestBody.buffer() == null ? Buffer.buffer() : requestBody.buffer();
    String rpcType = switch (type) {
      case "application/protobuf", "application/x-protobuf", "application/proto-rpc" -> Codecs.PROTOBUF;
      case "application/octet-stream" -> Codecs.OCTET_STREAM;
      default -> Codecs.JSON;
    };
    if (rpcType.equals(Codecs.JSON) && body.length() == 0) {
      body = EMPTY_OBJECT;
    }
    return new Payload(body, rpcType);
  }

  /**
   * Whether the body is form fields. A body labelled as a form that starts like JSON is JSON: what
   * {@code curl -d '{"name":"Ada"}'} sends, and what micro reads as the raw body.
   */
  static boolean isForm(RoutingContext ctx, String type) {
    if (type.equals("multipart/form-data")) {
      return true;
    }
    if (!type.equals("application/x-www-form-urlencoded")) {
      return false;
    }
    RequestBody body = ctx.body();
    Buffer buffer = body == null ? null : body.buffer();
    if (buffer == null) {
      return true;
    }
    for (int i = 0; i < buffer.length(); i++) {
      byte b = buffer.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b != '{' && b != '[';
      }
    }
    return true;
  }

  /** The query as a JSON object: one value as a string, several as an array. */
  static Buffer query(RoutingContext ctx) {
    if (ctx.request().query() == null || ctx.request().query().isEmpty()) {
      return EMPTY_OBJECT;
    }
    MultiMap params;
    try {
      params = ctx.queryParams();
    } catch (RuntimeException e) {
      throw MicroException.badRequest(GatewayErrors.ID, "invalid query string: %s", e.getMessage());
    }
    JsonObject json = new JsonObject();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      json.put(name, values.size() == 1 ? values.get(0) : new JsonArray(List.copyOf(values)));
    }
    return json.toBuffer();
  }

  /** Form fields as micro makes them: each name to its values joined with {@code ,}. */
  static JsonObject fields(MultiMap form) {
    JsonObject json = new JsonObject();
    for (String name : form.names()) {
      json.put(name, String.join(",", form.getAll(name)));
    }
    return json;
  }

  static String bareType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
