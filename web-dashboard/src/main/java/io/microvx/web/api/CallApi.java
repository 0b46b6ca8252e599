package io.microvx.web.api;

import io.microvx.config.Durations;
import io.microvx.errors.MicroException;
import io.microvx.metadata.Metadata;
import io.microvx.transport.Headers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Calls from the dashboard. {@code POST /_/api/call {"service","endpoint","request","address"?,"timeout"?,"metadata"?}}
 * ({@code metadata}: an object of text values, sent as the call's metadata, go-micro's headers)
 * answers 200 with {@code {"ok","reply"|"error","latencyMs"}}, so the page shows a service's error as a
 * result rather than as a failure of the dashboard; {@code POST /_/api/stream} takes the same body for a
 * streaming endpoint and relays its replies as they arrive. {@code POST /rpc} is micro web's endpoint: the same
 * call, the reply as it came, or the error JSON with its code as the status.
 */
final class CallApi {

  private final ServiceCalls calls;

  CallApi(ServiceCalls calls) {
    this.calls = calls;
  }

  void call(RoutingContext ctx) {
    Request request = Request.of(Replies.body(ctx), null);
    calls.call(request.service, request.endpoint, request.body, request.address, request.timeout, request.metadata)
      .onSuccess(outcome -> Replies.json(ctx, outcome.toJson()))
      .onFailure(failure -> Replies.error(ctx, failure));
  }

  /** {@code POST /_/api/stream}, the same body as a call: the replies as they come (see {@link StreamRelay}). */
  void stream(RoutingContext ctx) {
    Request request = Request.of(Replies.body(ctx), null);
    StreamRelay.relay(ctx.response(),
      calls.stream(request.service, request.endpoint, request.body, request.address, request.timeout, request.metadata));
  }

  void rpc(RoutingContext ctx) {
    Request request = Request.of(Replies.body(ctx), timeoutHeader(ctx.request().getHeader("Timeout")));
    calls.call(request.service, request.endpoint, request.body, request.address, request.timeout, request.metadata)
      .onSuccess(outcome -> {
      if (outcome.error() != null) {
        Replies.error(ctx, outcome.error());
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(outcome.reply());
      }
    }).onFailure(failure -> Replies.error(ctx, failure));
  }

  /** micro's {@code Timeout} header on /rpc is in seconds. */
  private static Duration timeoutHeader(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      throw MicroException.badRequest("go.micro.rpc", "invalid Timeout header \"%s\": seconds expected", value);
    }
  }

  /** A call as the page or micro's /rpc describes it; the request may be an object or a string holding JSON. */
  private record Request(String service, String endpoint, Buffer body, String address, Duration timeout,
                         Metadata metadata) {

    static Request of(JsonObject json, Duration headerTimeout) {
      String service = json.getString("service");
      String endpoint = json.getString("endpoint", json.getString("method"));
      if (service == null || service.isBlank()) {
        throw MicroException.badRequest("go.micro.rpc", "service is required");
      }
      if (endpoint == null || endpoint.isBlank()) {
        throw MicroException.badRequest("go.micro.rpc", "endpoint is required");
      }
      Buffer body;
      Object request = json.getValue("request");
      if (request == null) {
        body = Buffer.buffer("{}");
      } else if (request instanceof String text) {
        try {
          body = new JsonObject(text.isBlank() ? "{}" : text).toBuffer();
        } catch (DecodeException e) {
          throw MicroException.badRequest("go.micro.rpc", "the request is not a JSON object");
        }
      } else if (request instanceof JsonObject object) {
        body = object.toBuffer();
      } else {
        throw MicroException.badRequest("go.micro.rpc", "the request must be a JSON object");
      }
      Duration timeout = headerTimeout;
      Object value = json.getValue("timeout");
      if (value != null && !String.valueOf(value).isBlank()) {
        try {
          timeout = value instanceof Number n ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : Durations.parse(value);
        } catch (IllegalArgumentException e) {
          throw MicroException.badRequest("go.micro.rpc", "invalid timeout \"%s\": e.g. 5s", value);
        }
        if (timeout.isZero() || timeout.isNegative()) {
          throw MicroException.badRequest("go.micro.rpc", "the timeout must be positive");
        }
      }
      return new Request(service.strip(), endpoint.strip(), body, json.getString("address"), timeout,
        metadata(json.getValue("metadata")));
    }

    /**
     * The metadata to send: an object of text values. The wire's own headers ({@code Micro-*},
     * {@code Timeout}, {@code Content-Type}, …) are the client's to write, and the gateway's identity headers are
     * refused too, so a call from the dashboard reads to a service as what it is.
     */
    private static Metadata metadata(Object value) {
      if (value == null) {
        return Metadata.empty();
      }
      if (!(value instanceof JsonObject object)) {
        throw MicroException.badRequest("go.micro.rpc", "metadata must be a JSON object of text values");
      }
      Map<String, String> pairs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : object) {
        String name = entry.getKey().strip();
        if (!(entry.getValue() instanceof String text)) {
          throw MicroException.badRequest("go.micro.rpc", "metadata %s must be text", name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || Headers.isWireHeader(name) || lower.startsWith("x-auth-")) {
          throw MicroException.badRequest("go.micro.rpc", "metadata \"%s\" is not the caller's to set", name);
        }
        pairs.put(name, text);
      }
      return Metadata.of(pairs);
    }
  }
}
