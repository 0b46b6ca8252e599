package io.microvx.proxy.server;

import io.microvx.client.CallOptions;
import io.microvx.client.CallStream;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /stream?service=&endpoint=} (this toolkit's addition, for {@code micro stream} through a
 * proxy): a WebSocket whose first text message is the request JSON; each reply comes back as a text
 * message, and the end as {@code {"Micro-Error":"EOS"}} (or the error JSON) before the socket closes.
 * Closing the socket cancels the call; a socket that sends no request within 10 s is closed.
 */
final class StreamApi {

  private static final long FIRST_MESSAGE_MS = 10_000;

  private final Client client;

  StreamApi(Client client) {
    this.client = client;
  }

  void open(RoutingContext ctx) {
    String service = ctx.request().getParam("service");
    String endpoint = ctx.request().getParam("endpoint");
    if (service == null || service.isBlank() || endpoint == null || endpoint.isBlank()) {
      Replies.error(ctx, MicroException.badRequest("go.micro.rpc", "service and endpoint parameters are required"));
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      Replies.error(ctx, MicroException.badRequest("go.micro.rpc", "open /stream with a WebSocket upgrade"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      long waiting = ctx.vertx().setTimer(FIRST_MESSAGE_MS, id -> end(socket,
        MicroException.badRequest("go.micro.rpc", "no request within %d ms of opening the stream", FIRST_MESSAGE_MS)));
      socket.closeHandler(v -> ctx.vertx().cancelTimer(waiting));
      socket.textMessageHandler(first -> {
        ctx.vertx().cancelTimer(waiting);
        socket.textMessageHandler(null);
        start(socket, service, endpoint, first);
      });
    });
  }

  private void start(ServerWebSocket socket, String service, String endpoint, String requestText) {
    Buffer request;
    try {
      request = new JsonObject(requestText.isBlank() ? "{}" : requestText).toBuffer();
    } catch (DecodeException e) {
      end(socket, MicroException.badRequest("go.micro.rpc", "the request is not a JSON object"));
      return;
    }
    // the caller may go while the call opens: the stream is cancelled as soon as there is one
    Promise<CallStream<Object, Buffer>> opened = Promise.promise();
    socket.closeHandler(v -> opened.future().onSuccess(CallStream::cancel));
    client.stream(service, endpoint, request, Buffer.class, new CallOptions().setContentType(Codecs.JSON))
      .onFailure(err -> end(socket, MicroException.from("go.micro.rpc", err)))
      .onSuccess(stream -> {
        opened.complete(stream);
        if (!socket.isClosed()) {
          relay(socket, stream);
        }
      });
  }

  private static void relay(ServerWebSocket socket, CallStream<Object, Buffer> stream) {
    stream.exceptionHandler(err -> end(socket, MicroException.from("go.micro.rpc", err)));
    stream.endHandler(v -> end(socket, null));
    stream.handler(reply -> {
      socket.writeTextMessage(reply.toString());
      if (socket.writeQueueFull()) {
        stream.pause();
        socket.drainHandler(d -> stream.resume());
      }
    });
  }

  private static void end(ServerWebSocket socket, MicroException error) {
    if (socket.isClosed()) {
      return;
    }
    String control = new JsonObject().put("Micro-Error", error == null ? "EOS" : error.toJson()).encode();
    socket.writeTextMessage(control).eventually(() -> socket.close());
  }
}
