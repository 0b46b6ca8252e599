package io.microvx.transport;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * A bidirectional stream of messages between a caller and a node, with Vert.x back-pressure both ways:
 * pause or {@link #fetch} what is read, watch {@link #writeQueueFull()} and {@link #drainHandler} for
 * what is written.
 *
 * <p>{@link #end()} sends go-micro's {@code EOS}: no more messages from this side. The peer's EOS ends the
 * read side ({@link #endHandler}); an error the peer sends, a cancellation or a lost connection arrives at
 * {@link #exceptionHandler} as a {@link io.microvx.errors.MicroException}.
 */
public interface TransportStream extends ReadStream<Message>, WriteStream<Message> {

  /** The headers the stream was opened with (the call's headers, as the server received them). */
  Message header();

  /** The peer's {@code host:port}, or an empty string where the transport cannot tell. */
  String remoteAddress();

  /** Ends the stream with an error sent to the peer, then closes it. */
  Future<Void> fail(Throwable error);

  /** Abandons the stream without EOS: the peer sees a cancellation. */
  Future<Void> cancel();

  /** Called once when the stream is over, whichever way it ended. */
  TransportStream closeHandler(Handler<Void> handler);

  @Override
  TransportStream exceptionHandler(Handler<Throwable> handler);

  @Override
  TransportStream handler(Handler<Message> handler);

  @Override
  TransportStream pause();

  @Override
  TransportStream resume();

  @Override
  TransportStream fetch(long amount);

  @Override
  TransportStream endHandler(Handler<Void> endHandler);

  @Override
  TransportStream setWriteQueueMaxSize(int maxSize);

  @Override
  TransportStream drainHandler(Handler<Void> handler);
}
