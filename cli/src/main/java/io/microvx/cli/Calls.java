package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The proxy API calls commands share. */
final class Calls {

  private Calls() {
  }

  static JsonArray services(Session session) {
    return array(session.await(session.api.request(HttpMethod.GET, "/registry", null, null)));
  }

  /** The versions of a service; a 404 "not found" error when it has none. */
  static JsonArray service(Session session, String name) {
    return array(session.await(session.api.request(HttpMethod.GET, "/registry?service=" + encode(name), null, null)));
  }

  /** {@code POST /rpc}: the reply JSON, or the service's error. */
  static Buffer rpc(Session session, JsonObject call, long timeoutSeconds) {
    return session.await(session.api.request(HttpMethod.POST, "/rpc", HttpHeaders.headers()
      .set(HttpHeaders.CONTENT_TYPE, "application/json").set("Timeout", Long.toString(timeoutSeconds)), call.toBuffer()));
  }

  /** The argument as a JSON object, or a usage error naming what is wrong with it. */
  static JsonObject object(String text, String what) {
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(what + " is not a JSON object: " + text);
    }
  }

  static JsonArray array(Buffer body) {
    try {
      return body.length() == 0 ? new JsonArray() : body.toJsonArray();
    } catch (DecodeException | ClassCastException e) {
      throw new MicroException("go.micro.cli", "the proxy sent something other than a JSON array", 502);
    }
  }

  static Object json(Buffer body) {
    String text = body.toString().trim();
    try {
      return text.startsWith("[") ? new JsonArray(text) : new JsonObject(text.isEmpty() ? "{}" : text);
    } catch (DecodeException e) {
      return text;
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
