package io.microvx.bench.load;

import java.util.concurrent.Executor;

/** A system under load: one call, reported through a callback so no system pays for another's future type. */
public interface Target {

  /** Where the callers start, e.g. one Vert.x event-loop context; the next call follows on the callback's thread. */
  Executor callers();

  /** Makes one call; {@code done} is called once with null on success or the failure. */
  void call(Done done);

  @FunctionalInterface
  interface Done {
    void done(Throwable failure);
  }
}
