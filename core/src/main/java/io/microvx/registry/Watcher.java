package io.microvx.registry;

import io.vertx.core.Future;

/** A running watch on a registry. */
public interface Watcher {

  /** Stops delivering events. */
  Future<Void> stop();

  /** Completes when the watch is stopped, fails when the backend broke it (the caller may watch again). */
  Future<Void> closed();
}
