package io.microvx.proxy.server;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.metadata.Metadata;
import io.microvx.registry.Registry;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /rpc}, as micro's: a JSON body {@code {"service", "endpoint" | "method", "request": object or
 * JSON string, "address"?, "metadata"?, "retries"?}}, the {@code Timeout} header in seconds. Unlike micro's,
 * it takes no form fields (a page elsewhere could post those) and an {@code address} must be a registered
 * node of the service.
 * The service's reply is the body; its error comes back with the error's code as status.
 */
final class RpcApi {

  private static final String ID = "go.micro.rpc";

  private final Client client;
  private final Registry registry;

  RpcApi(Client client, Registry registry) {
    this.client = client;
    this.registry = registry;
  }

  void call(RoutingContext ctx) {
    JsonObject body;
    String service;
    String endpoint;
    try {
      body = body(ctx);
      service = text(body, "service");
      endpoint = body.containsKey("endpoint") ? text(body, "endpoint") : text(body, "method");
    } catch (MicroException e) {
      Replies.error(ctx, e);
      return;
    }
    if (service == null || service.isBlank()) {
      Replies.error(ctx, MicroException.badRequest(ID, "invalid service"));
      return;
    }
    if (endpoint == null || endpoint.isBlank()) {
      Replies.error(ctx, MicroException.badRequest(ID, "invalid endpoint"));
      return;
    }
    Buffer request;
    Object raw = body.getValue("request");
    if (raw == null) {
      request = Buffer.buffer("{}");
    } else if (raw instanceof String text) {
      try {
        request = Buffer.buffer(new JsonObject(text.isBlank() ? "{}" : text).encode());
      } catch (DecodeException e) {
        Replies.error(ctx, MicroException.badRequest(ID, "the request is not a JSON object"));
        return;
      }
    } else if (raw instanceof JsonObject object) {
      request = object.toBuffer();
    } else {
      Replies.error(ctx, MicroException.badRequest(ID, "the request is not a JSON object"));
      return;
    }
    CallOptions options;
    try {
      options = options(ctx.request().headers(), body);
    } catch (MicroException e) {
      Replies.error(ctx, e);
      return;
    }
    if (options.getAddress() == null) {
      call(ctx, service, endpoint, request, options);
      return;
    }
    // the proxy dials only nodes the registry lists for the service: it is no way to reach any host:port
    String address = options.getAddress();
    registry.getService(service).onComplete(ar -> {
      if (ar.failed() || ar.result().stream().flatMap(v -> v.nodes().stream()).noneMatch(n -> address.equals(n.address()))) {
        Replies.error(ctx, MicroException.badRequest(ID, "address %s is not a node of service %s", address, service));
        return;
      }
      call(ctx, service, endpoint, request, options);
    });
  }

  private void call(RoutingContext ctx, String service, String endpoint, Buffer request, CallOptions options) {
    client.call(service, endpoint, request, Buffer.class, options)
      .onSuccess(reply -> Replies.json(ctx, reply))
      .onFailure(err -> Replies.error(ctx, err instanceof MicroException e && e.code() == 0
        ? new MicroException(ID, "error during request: " + e.detail(), 500) : MicroException.from(ID, err)));
  }

  private static JsonObject body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw MicroException.badRequest(ID, "a JSON body {\"service\", \"endpoint\", \"request\"} is required");
    }
    try {
      return buffer.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw MicroException.badRequest(ID, "the body is not a JSON object");
    }
  }

  private static CallOptions options(MultiMap headers, JsonObject body) {
    CallOptions options = new CallOptions().setContentType(Codecs.JSON);
    String timeout = headers.get("Timeout");
    if (timeout != null && !timeout.isBlank()) {
      try {
        long seconds = Long.parseLong(timeout.trim());
        if (seconds > 0) {
          options.setTimeout(Duration.ofSeconds(seconds));
        }
      } catch (NumberFormatException e) {
        throw MicroException.badRequest(ID, "invalid Timeout header \"%s\": seconds expected", timeout);
      }
    }
    Object retries = body.getValue("retries");
    if (retries != null) {
      try {
        options.setRetries(Integer.parseInt(String.valueOf(retries)));
      } catch (IllegalArgumentException e) {
        throw MicroException.badRequest(ID, "invalid retries \"%s\": a number of retries expected", retries);
      }
    }
    String address = text(body, "address");
    if (address != null && !address.isBlank()) {
      options.setAddress(address);
    }
    Object metadata = body.getValue("metadata");
    if (metadata instanceof JsonObject pairs) {
      Map<String, String> md = new HashMap<>();
      pairs.forEach(e -> md.put(e.getKey(), String.valueOf(e.getValue())));
      options.setMetadata(Metadata.of(md));
    }
    return options;
  }

  /** A string field, or null; any other JSON type is the caller's mistake, said plainly. */
  private static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw MicroException.badRequest(ID, "%s must be a string", field);
  }
}
