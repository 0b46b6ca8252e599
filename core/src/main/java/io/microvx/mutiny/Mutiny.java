package io.microvx.mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;

/**
 * Bridges between Vert.x futures and streams and Mutiny. The smallrye Vert.x bindings are not published
 * for Vert.x 5, so these do it on plain Mutiny.
 */
public final class Mutiny {

  private Mutiny() {
  }

  /** A lazy Uni of a future: the supplier runs on subscription. */
  public static <T> Uni<T> uni(java.util.function.Supplier<Future<T>> future) {
    return Uni.createFrom().completionStage(() -> future.get().toCompletionStage());
  }

  /** A Uni of a future already running. */
  public static <T> Uni<T> uni(Future<T> future) {
    return Uni.createFrom().completionStage(future.toCompletionStage());
  }

  /** A future of a Uni, completed on the current Vert.x context when there is one. */
  public static <T> Future<T> future(Uni<T> uni) {
    Context context = Vertx.currentContext();
    return context == null
      ? Future.fromCompletionStage(uni.subscribeAsCompletionStage())
      : Future.fromCompletionStage(uni.subscribeAsCompletionStage(), context);
  }

  /**
   * A Multi of a read stream that reads only what is requested (pause and fetch), so a slow subscriber
   * slows the source. Cancelling runs {@code onCancel} (e.g. to close the source).
   */
  public static <T> Multi<T> multi(ReadStream<T> stream, Runnable onCancel) {
    return Multi.createFrom().publisher(new ReadStreamPublisher<>(stream, Vertx.currentContext(), onCancel));
  }

  /** Runs the action on the context (Vert.x streams are not thread-safe), or here when there is none. */
  static void onContext(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
