package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.Envelope;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.microvx.proxy.ProxyApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code /broker}, as micro's: {@code POST ?topic=} publishes the body with the request's headers as
 * message headers; a WebSocket on {@code GET ?topic=&queue=&durable=} subscribes, each message sent as
 * {@code {"Header":{…},"Body":"<base64>"}}, and what the socket sends is published to the topic. A
 * message counts as taken once written; while the socket's send queue is full, deliveries wait, so a
 * slow reader holds the broker to its in-flight bound.
 */
final class BrokerApi {

  private final Broker broker;

  BrokerApi(Broker broker) {
    this.broker = broker;
  }

  void publish(RoutingContext ctx) {
    String topic = topic(ctx);
    if (topic == null) {
      return;
    }
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(h -> {
      if (!isHopHeader(h.getKey())) {
        headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b);
      }
    });
    Buffer body = ctx.body().buffer();
    broker.publish(topic, new Message(headers, body)).onSuccess(v -> Replies.ok(ctx)).onFailure(err -> Replies.error(ctx, err));
  }

  void subscribe(RoutingContext ctx) {
    String topic = topic(ctx);
    if (topic == null) {
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      Replies.error(ctx, MicroException.badRequest("go.micro.broker", "subscribe with a WebSocket upgrade; publish with POST"));
      return;
    }
    SubscribeOptions options = new SubscribeOptions().setQueue(ctx.request().getParam("queue"))
      .setDurable(ctx.request().getParam("durable"));
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    Promise<ServerWebSocket> opened = Promise.promise();
    Future<Subscriber> subscribed = broker.subscribe(topic, event -> opened.future().compose(socket -> send(socket, event)),
      options);
    Replies.upgradeAfter(ctx, subscribed)
      .onSuccess(socket -> {
        Subscriber subscriber = subscribed.result();
        socket.handler(frame -> publishFrame(socket, topic, contentType == null ? "text/plain" : contentType, frame));
        socket.closeHandler(v -> subscriber.unsubscribe());
        opened.complete(socket);
        if (socket.isClosed()) {
          subscriber.unsubscribe();
        }
      })
      .onFailure(err -> {
        if (subscribed.succeeded()) {
          subscribed.result().unsubscribe();
        }
        opened.fail(err);
      });
  }

  /**
   * Publishes what the socket sent, one at a time: the socket pauses until the broker accepted the
   * message, so a fast writer is held back rather than buffered; a refused message closes the socket.
   */
  private void publishFrame(ServerWebSocket socket, String topic, String contentType, Buffer frame) {
    socket.pause();
    broker.publish(topic, new Message(Map.of("Content-Type", contentType), frame))
      .onSuccess(v -> socket.resume())
      .onFailure(err -> socket.close((short) 1011, "publish failed: " + MicroException.from("go.micro.broker", err).code()));
  }

  private static Future<Void> send(ServerWebSocket socket, Event event) {
    if (socket.isClosed()) {
      return Future.failedFuture("the subscriber's socket is closed");
    }
    Future<Void> written = socket.writeTextMessage(Envelope.encode(null, event.message()).toString());
    if (!socket.writeQueueFull()) {
      return written;
    }
    Promise<Void> drained = Promise.promise();
    socket.drainHandler(v -> drained.tryComplete());
    return written.compose(v -> drained.future());
  }

  private static String topic(RoutingContext ctx) {
    String topic = ctx.request().getParam("topic");
    if (topic == null || topic.isBlank()) {
      Replies.error(ctx, MicroException.badRequest("go.micro.broker", "Topic not specified"));
      return null;
    }
    return topic;
  }

  private static boolean isHopHeader(String name) {
    return name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Connection")
      || name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Transfer-Encoding")
      || name.equalsIgnoreCase("Accept-Encoding") || name.equalsIgnoreCase("User-Agent")
      || name.equalsIgnoreCase(ProxyApi.SCRIPT_HEADER);
  }

}
