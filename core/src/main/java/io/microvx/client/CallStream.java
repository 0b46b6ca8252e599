package io.microvx.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * A stream call in progress: send requests, read replies as a Vert.x {@link ReadStream} with back-pressure
 * (pause, fetch). The server's end of stream ends the read side; its error, or a lost connection,
 * arrives at {@link #exceptionHandler}.
 */
public interface CallStream<Req, Resp> extends ReadStream<Resp> {

  /** Sends one request message. */
  Future<Void> send(Req message);

  /** Sends EOS: this side sends no more; replies keep coming until the server ends. */
  Future<Void> end();

  /** Abandons the call: the server is told and stops. */
  Future<Void> cancel();

  /** Whether sends should wait for {@link #drainHandler} before continuing. */
  boolean writeQueueFull();

  CallStream<Req, Resp> drainHandler(Handler<Void> handler);

  /** The {@code host:port} of the node serving the stream. */
  String address();

  @Override
  CallStream<Req, Resp> exceptionHandler(Handler<Throwable> handler);

  @Override
  CallStream<Req, Resp> handler(Handler<Resp> handler);

  @Override
  CallStream<Req, Resp> pause();

  @Override
  CallStream<Req, Resp> resume();

  @Override
  CallStream<Req, Resp> fetch(long amount);

  @Override
  CallStream<Req, Resp> endHandler(Handler<Void> endHandler);
}
