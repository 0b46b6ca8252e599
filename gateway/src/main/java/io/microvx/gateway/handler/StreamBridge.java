package io.microvx.gateway.handler;

import io.microvx.client.CallOptions;
import io.microvx.client.CallStream;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.gateway.route.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * A stream endpoint over a WebSocket from the outside. The stream is opened first, so an unknown or
 * unreachable service is still answered with an HTTP error; then the upgrade is accepted. Each message
 * from the client (text or binary, JSON) is a request; each reply goes out as a text message. The
 * service ending its stream closes the socket normally (1000); its error goes out as a text message
 * holding the error JSON, then the socket closes with 1011. The client closing the socket cancels the
 * call. Back-pressure holds both ways: a full socket pauses the replies, a full stream the socket.
 */
final class StreamBridge implements GatewayHandler {

  private final Client client;

  StreamBridge(Client client) {
    this.client = client;
  }

  @Override
  public void handle(RoutingContext ctx, Route route) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      GatewayErrors.send(ctx, 400, "endpoint " + route.endpoint() + " of " + route.service()
        + " streams: connect with a WebSocket");
      return;
    }
    ctx.request().pause();
    CallOptions options = new CallOptions()
      .setContentType(Codecs.JSON)
      .setMetadata(CallMetadata.of(ctx))
      .setTimeout(Deadlines.remaining(ctx));
    client.<Buffer, Buffer>stream(route.service(), route.endpoint(), Buffer.class, options).onComplete(opened -> {
      if (opened.failed()) {
        ctx.request().resume();
        GatewayErrors.send(ctx, GatewayErrors.ofCall(route.service(), opened.cause()));
        return;
      }
      CallStream<Buffer, Buffer> stream = opened.result();
      stream.pause();
      ctx.request().toWebSocket().onComplete(upgraded -> {
        if (upgraded.failed()) {
          stream.cancel();
          return;
        }
        bridge(upgraded.result(), stream, route.service());
      });
    });
  }

  private static void bridge(ServerWebSocket socket, CallStream<Buffer, Buffer> stream, String service) {
    boolean[] finished = {false};
    stream.handler(reply -> {
      socket.writeTextMessage(reply.toString());
      if (socket.writeQueueFull()) {
        stream.pause();
        socket.drainHandler(v -> stream.resume());
      }
    });
    stream.endHandler(v -> {
      finished[0] = true;
      socket.close((short) 1000);
    });
    stream.exceptionHandler(failure -> {
      if (finished[0]) {
        return;
      }
      finished[0] = true;
      MicroException error = GatewayErrors.ofCall(service, failure);
      socket.writeTextMessage(error.toJson()).eventually(() -> socket.close((short) 1011));
    });
    socket.textMessageHandler(text -> send(socket, stream, Buffer.buffer(text)));
    socket.binaryMessageHandler(bytes -> send(socket, stream, bytes));
    socket.closeHandler(v -> {
      if (!finished[0]) {
        finished[0] = true;
        stream.cancel();
      }
    });
    stream.resume();
  }

  private static void send(ServerWebSocket socket, CallStream<Buffer, Buffer> stream, Buffer message) {
    stream.send(message);
    if (stream.writeQueueFull()) {
      socket.pause();
      stream.drainHandler(v -> socket.resume());
    }
  }
}
