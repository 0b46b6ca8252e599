package io.microvx.client;

import io.microvx.codec.Codec;
import io.microvx.transport.Message;
import io.microvx.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/** A {@link CallStream} over a transport stream, encoding and decoding with the call's codec. */
final class ClientCallStream<Req, Resp> implements CallStream<Req, Resp> {

  private final TransportStream stream;
  private final Codec codec;
  private final Class<Resp> responseType;
  private final String address;
  private Handler<Throwable> exceptionHandler;
  private Throwable pendingFailure;

  ClientCallStream(TransportStream stream, Codec codec, Class<Resp> responseType, String address) {
    this.stream = stream;
    this.codec = codec;
    this.responseType = responseType;
    this.address = address;
    stream.exceptionHandler(this::failed);
  }

  /** A failure goes to the exception handler, held until there is one (the stream may fail at once). */
  private void failed(Throwable failure) {
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    } else if (pendingFailure == null) {
      pendingFailure = failure;
    }
  }

  @Override
  public Future<Void> send(Req message) {
    try {
      return stream.write(Message.of(codec.encode(message)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> end() {
    return stream.end();
  }

  @Override
  public Future<Void> cancel() {
    return stream.cancel();
  }

  @Override
  public boolean writeQueueFull() {
    return stream.writeQueueFull();
  }

  @Override
  public CallStream<Req, Resp> drainHandler(Handler<Void> handler) {
    stream.drainHandler(handler);
    return this;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public CallStream<Req, Resp> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    if (handler != null && pendingFailure != null) {
      Throwable held = pendingFailure;
      pendingFailure = null;
      handler.handle(held);
    }
    return this;
  }

  @Override
  public CallStream<Req, Resp> handler(Handler<Resp> handler) {
    if (handler == null) {
      stream.handler(null);
      return this;
    }
    stream.handler(message -> {
      Resp decoded;
      try {
        decoded = codec.decode(message.body(), responseType);
      } catch (RuntimeException e) {
        // a reply we cannot read: report it once and stop the stream rather than hand on garbage
        stream.cancel();
        failed(e);
        return;
      }
      handler.handle(decoded);
    });
    return this;
  }

  @Override
  public CallStream<Req, Resp> pause() {
    stream.pause();
    return this;
  }

  @Override
  public CallStream<Req, Resp> resume() {
    stream.resume();
    return this;
  }

  @Override
  public CallStream<Req, Resp> fetch(long amount) {
    stream.fetch(amount);
    return this;
  }

  @Override
  public CallStream<Req, Resp> endHandler(Handler<Void> endHandler) {
    stream.endHandler(endHandler);
    return this;
  }
}
