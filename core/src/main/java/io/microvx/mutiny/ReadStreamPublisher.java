package io.microvx.mutiny;

import io.vertx.core.Context;
import io.vertx.core.streams.ReadStream;

import java.util.concurrent.Flow;

/** A Vert.x read stream as a back-pressured publisher: demand becomes {@code fetch}. One subscriber. */
final class ReadStreamPublisher<T> implements Flow.Publisher<T> {

  private final ReadStream<T> stream;
  private final Context context;
  private final Runnable onCancel;
  private boolean subscribed;
  private volatile boolean done;

  ReadStreamPublisher(ReadStream<T> stream, Context context, Runnable onCancel) {
    this.stream = stream;
    this.context = context;
    this.onCancel = onCancel;
    stream.pause();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    synchronized (this) {
      if (subscribed) {
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {
          }

          @Override
          public void cancel() {
          }
        });
        subscriber.onError(new IllegalStateException("this stream can be subscribed to once"));
        return;
      }
      subscribed = true;
    }
    stream.handler(item -> {
      if (!done) {
        subscriber.onNext(item);
      }
    });
    stream.endHandler(v -> {
      if (!done) {
        done = true;
        subscriber.onComplete();
      }
    });
    stream.exceptionHandler(failure -> {
      if (!done) {
        done = true;
        subscriber.onError(failure);
      }
    });
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        Mutiny.onContext(context, () -> stream.fetch(n));
      }

      @Override
      public void cancel() {
        Mutiny.onContext(context, () -> {
          if (!done) {
            done = true;
            stream.pause();
            if (onCancel != null) {
              onCancel.run();
            }
          }
        });
      }
    });
  }
}
