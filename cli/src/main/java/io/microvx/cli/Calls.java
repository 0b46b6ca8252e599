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

  /**
   * {@code POST /rpc}: the reply JSON, or the service's error. The proxy is told the timeout in whole
   * seconds (its header's unit); the CLI waits exactly as long as it was told, and says so when that ran out.
   */
  static Buffer rpc(Session session, JsonObject call, java.time.Duration timeout) {
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    try {
      return Session.await(session.api.request(HttpMethod.POST, "/rpc", HttpHeaders.headers()
        .set(HttpHeaders.CONTENT_TYPE, "application/json").set("Timeout", Long.toString(seconds)), call.toBuffer()), timeout);
    } catch (Session.TimedOut e) {
      throw new MicroException("go.micro.cli", "no answer from " + call.getString("service") + " within "
        + io.microvx.config.Durations.format(timeout) + " (--timeout)", 408);
    }
  }

  /**
   * A 400 from calling a streaming endpoint as unary (or the other way round) is said as the command to
   * use: the registry says which kind the endpoint is. Any other failure is returned as it is.
   */
  static MicroException streamingHint(Session session, MicroException failure, String service, String endpoint,
                                      boolean unaryCall, String request) {
    if (failure.code() != 400) {
      return failure;
    }
    Boolean streams = null;
    try {
      for (Object version : service(session, service)) {
        for (Object e : ((JsonObject) version).getJsonArray("endpoints", new JsonArray())) {
          JsonObject described = (JsonObject) e;
          if (endpoint.equals(described.getString("name"))) {
            streams = "true".equals(described.getJsonObject("metadata", new JsonObject()).getString("stream"));
          }
        }
      }
    } catch (RuntimeException e) {
      return failure;
    }
    String args = service + " " + endpoint + (request == null ? "" : " '" + request + "'");
    if (Boolean.TRUE.equals(streams) && unaryCall) {
      return new MicroException("go.micro.cli", endpoint + " streams its replies: micro stream " + args, 400);
    }
    if (Boolean.FALSE.equals(streams) && !unaryCall) {
      return new MicroException("go.micro.cli", endpoint + " answers once, it does not stream: micro call " + args, 400);
    }
    return failure;
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
