package io.microvx.mutiny;

import io.microvx.client.CallOptions;
import io.microvx.client.CallStream;
import io.microvx.client.Client;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Client} with Mutiny types: {@code Uni} for calls, {@code Multi} for streams. Same client underneath. */
public final class MutinyClient {

  private final Client client;

  private MutinyClient(Client client) {
    this.client = client;
  }

  public static MutinyClient of(Client client) {
    return new MutinyClient(client);
  }

  public Client delegate() {
    return client;
  }

  public <T> Uni<T> call(String service, String endpoint, Object request, Class<T> responseType) {
    return call(service, endpoint, request, responseType, new CallOptions());
  }

  /** A lazy call: made on each subscription. */
  public <T> Uni<T> call(String service, String endpoint, Object request, Class<T> responseType, CallOptions options) {
    return Mutiny.uni(() -> client.call(service, endpoint, request, responseType, options));
  }

  /** A lazy publication through the client's broker: made on each subscription. */
  public Uni<Void> publish(String topic, Object message, CallOptions options) {
    return Mutiny.uni(() -> client.publish(topic, message, options));
  }

  public Uni<Void> publish(String topic, Object message) {
    return publish(topic, message, new CallOptions());
  }

  /** A server stream: sends the request, then emits the replies as they are requested. */
  public <Resp> Multi<Resp> stream(String service, String endpoint, Object request, Class<Resp> responseType,
                                   CallOptions options) {
    return Mutiny.uni(() -> client.stream(service, endpoint, request, responseType, options))
      .onItem().transformToMulti(stream -> Mutiny.multi(stream, stream::cancel));
  }

  /**
   * A bidirectional stream: sends the requests as the stream has room (then EOS when they complete), and
   * emits the replies as they are requested. Cancelling the replies cancels the call.
   */
  public <Req, Resp> Multi<Resp> stream(String service, String endpoint, Multi<Req> requests, Class<Resp> responseType,
                                        CallOptions options) {
    return Mutiny.uni(() -> client.<Req, Resp>stream(service, endpoint, responseType, options))
      .onItem().transformToMulti(stream -> {
        Context context = Vertx.currentContext();
        RequestSender<Req> sender = new RequestSender<>(stream, context);
        ReadStreamPublisher<Resp> replies = new ReadStreamPublisher<>(stream, context, () -> {
          sender.cancel();
          stream.cancel();
        });
        // requests that fail end the call, and the replies with that failure
        sender.onFailure(failure -> {
          stream.cancel();
          replies.fail(failure);
        });
        requests.subscribe().withSubscriber(sender);
        return Multi.createFrom().publisher(replies);
      });
  }

  /** Feeds requests into a call stream, one at a time, waiting for the write queue to drain when full. */
  private static final class RequestSender<Req> implements Flow.Subscriber<Req>, Cancellable {
    private final CallStream<Req, ?> stream;
    private final Context context;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private java.util.function.Consumer<Throwable> onFailure = failure -> { };

    RequestSender(CallStream<Req, ?> stream, Context context) {
      this.stream = stream;
      this.context = context;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
      s.request(1);
    }

    @Override
    public void onNext(Req item) {
      Mutiny.onContext(context, () -> stream.send(item).onComplete(ar -> {
        Flow.Subscription s = subscription.get();
        if (ar.failed() || s == null) {
          cancel();
        } else if (stream.writeQueueFull()) {
          stream.drainHandler(v -> s.request(1));
        } else {
          s.request(1);
        }
      }));
    }

    void onFailure(java.util.function.Consumer<Throwable> onFailure) {
      this.onFailure = onFailure;
    }

    @Override
    public void onError(Throwable failure) {
      Mutiny.onContext(context, () -> onFailure.accept(failure));
    }

    @Override
    public void onComplete() {
      Mutiny.onContext(context, stream::end);
    }

    @Override
    public void cancel() {
      Flow.Subscription s = subscription.getAndSet(null);
      if (s != null) {
        s.cancel();
      }
    }
  }
}
