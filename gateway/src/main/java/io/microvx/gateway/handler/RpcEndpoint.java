package io.microvx.gateway.handler;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.gateway.route.MicroPaths;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;

/**
 * micro's {@code /rpc}: a JSON object or form with {@code service}, {@code endpoint} (or {@code method}),
 * {@code request} (an object, or JSON as a string) and optionally {@code address}; the {@code Timeout}
 * header gives seconds. Unlike micro, an {@code address} must be a registered node of the service, so
 * the endpoint cannot be used to reach arbitrary hosts. Bad input is a 400 from {@code go.micro.rpc}.
 */
final class RpcEndpoint implements Handler<RoutingContext> {

  static final String ID = "go.micro.rpc";
  private static final long MAX_TIMEOUT_SECONDS = 3600;

  private final Client client;
  private final Registry registry;

  RpcEndpoint(Client client, Registry registry) {
    this.client = client;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject input;
    try {
      input = input(ctx);
    } catch (MicroException e) {
      GatewayErrors.send(ctx, e);
      return;
    }
    String service = text(input, "service");
    String endpoint = text(input, "endpoint");
    if (endpoint == null) {
      endpoint = text(input, "method");
    }
    String address = text(input, "address");
    if (service == null) {
      GatewayErrors.send(ctx, MicroException.badRequest(ID, "invalid service"));
      return;
    }
    if (endpoint == null) {
      GatewayErrors.send(ctx, MicroException.badRequest(ID, "invalid endpoint"));
      return;
    }
    Buffer request;
    try {
      request = request(input.getValue("request"));
    } catch (MicroException e) {
      GatewayErrors.send(ctx, e);
      return;
    }
    String timeout = ctx.request().getHeader("Timeout");
    if (timeout != null) {
      try {
        long seconds = Long.parseLong(timeout.trim());
        if (seconds > 0) {
          Deadlines.reset(ctx, Duration.ofSeconds(Math.min(seconds, MAX_TIMEOUT_SECONDS)));
        }
      } catch (NumberFormatException e) {
        GatewayErrors.send(ctx, MicroException.badRequest(ID, "invalid Timeout header: seconds expected"));
        return;
      }
    }
    CallOptions options = new CallOptions();
    if (address == null) {
      RpcHandler.call(client, ctx, service, endpoint, request, Codecs.JSON, options);
      return;
    }
    String chosenEndpoint = endpoint;
    registry.getService(service).onComplete(ar -> {
      if (ar.failed() || !isNodeOf(ar.result(), address)) {
        GatewayErrors.send(ctx, MicroException.badRequest(ID, "address %s is not a node of service %s", address, service));
        return;
      }
      RpcHandler.call(client, ctx, service, chosenEndpoint, request, Codecs.JSON, options.setAddress(address));
    });
  }

  /** The service and endpoint a {@code /rpc} body names, or null when it names none well (the call then answers 400). */
  static MicroPaths.Target target(RoutingContext ctx) {
    try {
      JsonObject input = input(ctx);
      String service = text(input, "service");
      String endpoint = text(input, "endpoint");
      endpoint = endpoint != null ? endpoint : text(input, "method");
      return service == null || endpoint == null ? null : new MicroPaths.Target(service, endpoint);
    } catch (MicroException e) {
      return null;
    }
  }

  private static JsonObject input(RoutingContext ctx) {
    String type = Payloads.bareType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (Payloads.isForm(ctx, type)) {
      return Payloads.fields(ctx.request().formAttributes());
    }
    RequestBody body = ctx.body();
    if (body == null || body.buffer() == null || body.length() == 0) {
      throw MicroException.badRequest(ID, "empty request: {\"service\",\"endpoint\",\"request\"} expected");
    }
    try {
      Object parsed = Json.decodeValue(body.buffer());
      if (parsed instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      throw MicroException.badRequest(ID, "invalid JSON: %s", e.getMessage());
    }
    throw MicroException.badRequest(ID, "a JSON object {\"service\",\"endpoint\",\"request\"} expected");
  }

  /** The request as JSON bytes: an object or array as it is, a string holding JSON as that JSON. */
  private static Buffer request(Object value) {
    if (value == null) {
      return Buffer.buffer("{}");
    }
    if (value instanceof String text) {
      if (text.isBlank()) {
        return Buffer.buffer("{}");
      }
      try {
        return Json.encodeToBuffer(Json.decodeValue(text));
      } catch (DecodeException e) {
        throw MicroException.badRequest(ID, "invalid request JSON: %s", e.getMessage());
      }
    }
    return Json.encodeToBuffer(value);
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (!(value instanceof String s) || s.isBlank()) {
      return null;
    }
    return s.trim();
  }

  private static boolean isNodeOf(List<Service> versions, String address) {
    return versions.stream().flatMap(v -> v.nodes().stream()).anyMatch(n -> n.address().equals(address));
  }
}
