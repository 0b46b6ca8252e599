package io.microvx.mutiny;

import io.vertx.core.Context;
import io.vertx.core.streams.ReadStream;

import java.util.concurrent.Flow;

/**
 * A Vert.x read stream as a back-pressured publisher: demand becomes {@code fetch}. One subscriber. The
 * stream is only touched on its context (Vert.x streams are not thread-safe), whatever thread
 * subscribes or requests.
 */
final class ReadStreamPublisher<T> implements Flow.Publisher<T> {

  private final ReadStream<T> stream;
  private final Context context;
  private final Runnable onCancel;
  private boolean subscribed;
  private volatile boolean done;
  private volatile Flow.Subscriber<? super T> subscriber;

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
      this.subscriber = subscriber;
    }
    Mutiny.onContext(context, () -> {
      stream.handler(item -> {
        if (!done) {
          subscriber.onNext(item);
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
      // after onSubscribe: a stream may hold an end or failure that it hands over as soon as it is heard
      stream.endHandler(v -> {
        if (!done) {
          done = true;
          subscriber.onComplete();
        }
      });
      stream.exceptionHandler(this::fail);
    });
  }

  /** Ends the subscriber with a failure from outside the stream (e.g. the requests of a call failed). */
  void fail(Throwable failure) {
    Mutiny.onContext(context, () -> {
      Flow.Subscriber<? super T> current = subscriber;
      if (!done && current != null) {
        done = true;
        current.onError(failure);
      }
    });
  }
}
