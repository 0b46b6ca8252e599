package io.microvx.gateway.handler;

import io.microvx.broker.Broker;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.gateway.route.Route;
import io.microvx.transport.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * micro's {@code event} handler: the request becomes a {@code go.api.Event}
 * ({@code {name, id, timestamp, header, data}}, JSON) published on the route's topic, with the request's
 * headers as the message's metadata. Answers 200 with an empty body once the broker accepted it.
 */
final class EventPublisher implements GatewayHandler {

  private final Broker broker;

  EventPublisher(Broker broker) {
    this.broker = broker;
  }

  @Override
  public void handle(RoutingContext ctx, Route route) {
    String id = uuid();
    RequestBody body = ctx.body();
    JsonObject event = new JsonObject()
      .put("name", route.endpoint())
      .put("id", id)
      .put("timestamp", System.currentTimeMillis() / 1000)
      .put("header", pairs(ctx.request().headers()))
      .put("data", body == null || body.buffer() == null ? "" : body.buffer().toString());
    Map<String, String> headers = CallMetadata.headers(ctx);
    headers.put(Headers.CONTENT_TYPE, "application/json");
    headers.put(Headers.MICRO_TOPIC, route.service());
    headers.put(Headers.MICRO_ID, id);
    Duration left = Deadlines.remaining(ctx);
    PublishOptions options = new PublishOptions();
    if (left != null) {
      options.setTimeout(left);
    }
    Message message = new Message(headers, event.toBuffer());
    broker.publish(route.service(), message, options).onComplete(ar -> {
      if (ar.failed()) {
        GatewayErrors.send(ctx, GatewayErrors.of(500, "cannot publish to " + route.service() + ": "
          + (ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage())));
      } else if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
      }
    });
  }

  private static JsonObject pairs(MultiMap values) {
    JsonObject json = new JsonObject();
    for (String name : values.names()) {
      json.put(name, new JsonObject().put("key", name).put("values", new JsonArray(values.getAll(name))));
    }
    return json;
  }

  /** A random (version 4) UUID without {@code SecureRandom}, which may block an event loop. */
  static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
