package io.microvx.server;

import io.microvx.codec.Codec;
import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.TransportStream;
import io.vertx.core.Context;

import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Writes a handler's replies to a stream, asking the handler for more only while the stream's write
 * queue has room: a slow reader slows the producer instead of filling memory. Everything happens on the
 * stream's context, in order.
 */
final class StreamWriter implements Flow.Subscriber<Object> {

  /** Replies requested ahead of the write queue; bounds what is buffered beyond it. */
  private static final int WINDOW = 16;

  private final TransportStream stream;
  private final Codec codec;
  private final Context context;
  private final Function<Throwable, MicroException> errors;
  private Flow.Subscription subscription;
  private boolean done;
  private int owed;

  StreamWriter(TransportStream stream, Codec codec, Context context, Function<Throwable, MicroException> errors) {
    this.stream = stream;
    this.codec = codec;
    this.context = context;
    this.errors = errors;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    context.runOnContext(v -> {
      this.subscription = subscription;
      if (done) {
        subscription.cancel();
      } else {
        subscription.request(WINDOW);
      }
    });
  }

  @Override
  public void onNext(Object item) {
    context.runOnContext(v -> {
      if (done) {
        return;
      }
      try {
        stream.write(Message.of(codec.encode(item)));
      } catch (MicroException e) {
        cancel();
        stream.fail(e);
        return;
      }
      if (stream.writeQueueFull()) {
        if (owed++ == 0) {
          stream.drainHandler(d -> {
            stream.drainHandler(null);
            int credit = owed;
            owed = 0;
            if (!done && credit > 0) {
              subscription.request(credit);
            }
          });
        }
      } else if (owed == 0) {
        subscription.request(1);
      } else {
        owed++;
      }
    });
  }

  @Override
  public void onError(Throwable failure) {
    context.runOnContext(v -> {
      if (!done) {
        done = true;
        stream.fail(errors.apply(failure));
      }
    });
  }

  @Override
  public void onComplete() {
    context.runOnContext(v -> {
      if (!done) {
        done = true;
        stream.end();
      }
    });
  }

  /** Stops the handler's stream (the caller went away, or the deadline passed). */
  void cancel() {
    context.runOnContext(v -> {
      if (!done) {
        done = true;
        if (subscription != null) {
          subscription.cancel();
        }
      }
    });
  }
}
