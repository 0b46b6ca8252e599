package io.microvx.transport;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * A stream over a WebSocket. Binary messages carry message bodies; text messages carry control headers
 * as JSON: {@code {"Micro-Error":"EOS"}} ends a direction, {@code {"Micro-Error":"<error json>"}} ends the
 * stream with an error. Closing the socket before the end is a cancellation.
 *
 * <p>Handlers go on the socket before it is connected (nothing the peer sends can slip by), and received
 * messages wait in a short queue until read: demand ({@link #fetch}) counts whole messages, and when the
 * queue passes {@link #HIGH_WATER} the socket is paused, so a slow reader holds the sender back through
 * TCP rather than by buffering.
 */
final class WebSocketStream implements TransportStream {

  private static final short NORMAL_CLOSURE = 1000;
  private static final String EOS_FRAME = new JsonObject().put(Headers.MICRO_ERROR, Headers.EOS).encode();
  static final int HIGH_WATER = 8;
  private static final int LOW_WATER = 2;

  private final WebSocketBase socket;
  private final Message header;
  private final String remoteAddress;
  private final boolean serverSide;
  private final int maxMessageSize;
  private final ArrayDeque<Object> received = new ArrayDeque<>();

  private Handler<Message> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> closeHandler;
  private Buffer partial;
  private boolean partialIsText;
  private long demand = Long.MAX_VALUE;
  private boolean socketPaused;
  private boolean delivering;
  private boolean inboundEnded;
  private boolean outboundEnded;
  private boolean failureDelivered;
  private boolean eosReceived;
  private boolean endDelivered;
  private Throwable pendingFailure;
  private boolean cancelledHere;

  WebSocketStream(WebSocketBase socket, Message header, String remoteAddress, int maxMessageSize) {
    this.socket = socket;
    this.header = header;
    this.remoteAddress = remoteAddress;
    this.serverSide = socket instanceof ServerWebSocket;
    this.maxMessageSize = maxMessageSize;
    socket.frameHandler(this::onFrame);
    socket.exceptionHandler(this::onSocketFailure);
    socket.closeHandler(v -> onClosed());
  }

  @Override
  public Message header() {
    return header;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  private void onFrame(WebSocketFrame frame) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return;
    }
    if (!frame.isContinuation()) {
      partial = null;
      partialIsText = frame.isText();
    }
    Buffer data = frame.binaryData();
    if (!frame.isFinal()) {
      partial = partial == null ? data.copy() : partial.appendBuffer(data);
      if (partial.length() > maxMessageSize) {
        fail(MicroException.badRequest("go.micro.transport", "stream message exceeds %d bytes", maxMessageSize));
      }
      return;
    }
    Buffer message = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    received.add(partialIsText ? message.toString() : new Message(HttpHeaders.headers(), message));
    if (received.size() >= HIGH_WATER && !socketPaused) {
      socketPaused = true;
      socket.pause();
    }
    deliver();
  }

  /** Hands queued messages to the reader as its demand allows; control messages pass in order. */
  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!received.isEmpty()) {
        Object next = received.peek();
        if (next instanceof String control) {
          received.poll();
          onControl(control);
          continue;
        }
        if (handler == null || demand == 0) {
          break;
        }
        received.poll();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        if (!inboundEnded) {
          handler.handle((Message) next);
        }
      }
    } finally {
      delivering = false;
    }
    if (socketPaused && received.size() <= LOW_WATER) {
      socketPaused = false;
      socket.resume();
    }
  }
  private void onControl(String text) {
    String error;
    try {
      error = new JsonObject(text).getString(Headers.MICRO_ERROR);
    } catch (RuntimeException e) {
      error = text;
    }
    if (Headers.EOS.equals(error)) {
      if (!inboundEnded) {
        inboundEnded = true;
        eosReceived = true;
        deliverEnd();
      }
      return;
    }
    inboundEnded = true;
    deliverFailure(error == null ? MicroException.parse(text) : MicroException.parse(error));
  }

  private void onSocketFailure(Throwable failure) {
    deliverFailure(TransportException.of(remoteAddress, failure));
  }

  private void onClosed() {
    if (!cancelledHere) {
      if (serverSide && !outboundEnded) {
        deliverFailure(new MicroException("go.micro.server", "stream cancelled by the caller", 499));
      } else if (!serverSide && !inboundEnded) {
        deliverFailure(new TransportException("stream from " + remoteAddress + " closed before its end", 500, null));
      }
    }
    Handler<Void> onClose = closeHandler;
    closeHandler = null;
    if (onClose != null) {
      onClose.handle(null);
    }
  }

  /** The end, once; held until there is an end handler to hear it. */
  private void deliverEnd() {
    if (eosReceived && !endDelivered && endHandler != null) {
      endDelivered = true;
      endHandler.handle(null);
    }
  }

  /** The first failure, once; held until there is an exception handler to hear it. */
  private void deliverFailure(Throwable failure) {
    if (failureDelivered) {
      return;
    }
    if (exceptionHandler == null) {
      if (pendingFailure == null) {
        pendingFailure = failure;
      }
      return;
    }
    failureDelivered = true;
    exceptionHandler.handle(failure);
  }

  @Override
  public Future<Void> write(Message message) {
    return socket.writeBinaryMessage(message.body());
  }

  /** Sends EOS; the server side also closes the stream, since its end is the end of the call. */
  @Override
  public Future<Void> end() {
    if (outboundEnded) {
      return Future.succeededFuture();
    }
    outboundEnded = true;
    Future<Void> sent = socket.writeTextMessage(EOS_FRAME);
    return serverSide ? sent.eventually(() -> socket.close(NORMAL_CLOSURE)) : sent;
  }

  @Override
  public Future<Void> fail(Throwable error) {
    if (outboundEnded) {
      return Future.succeededFuture();
    }
    outboundEnded = true;
    String json = MicroException.from(serverSide ? "go.micro.server" : "go.micro.client", error).toJson();
    return socket.writeTextMessage(new JsonObject().put(Headers.MICRO_ERROR, json).encode())
      .eventually(() -> socket.close(NORMAL_CLOSURE));
  }

  @Override
  public Future<Void> cancel() {
    cancelledHere = true;
    outboundEnded = true;
    return socket.close(NORMAL_CLOSURE, "cancel");
  }

  @Override
  public TransportStream closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  @Override
  public TransportStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    if (handler != null && pendingFailure != null) {
      Throwable held = pendingFailure;
      pendingFailure = null;
      deliverFailure(held);
    }
    return this;
  }

  @Override
  public TransportStream handler(Handler<Message> handler) {
    this.handler = handler;
    deliver();
    return this;
  }

  @Override
  public TransportStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public TransportStream resume() {
    demand = Long.MAX_VALUE;
    deliver();
    return this;
  }

  @Override
  public TransportStream fetch(long amount) {
    if (amount > 0) {
      demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
      deliver();
    }
    return this;
  }

  @Override
  public TransportStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    deliverEnd();
    return this;
  }

  @Override
  public TransportStream setWriteQueueMaxSize(int maxSize) {
    socket.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public TransportStream drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
    return this;
  }
}
