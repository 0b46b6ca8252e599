package io.microvx.selector;

import io.vertx.core.net.endpoint.DefaultInteractionMetrics;
import io.vertx.core.net.endpoint.InteractionMetrics;

/**
 * What the selector remembers of one node across registry updates: calls in flight (read by the
 * least-requests strategies), the strategy's own metrics (peak-EWMA's latency), and its outlier-ejection
 * record.
 */
final class NodeState {

  final DefaultInteractionMetrics metrics;

  private int consecutiveFailures;
  private int ejections;
  private long decayAt;
  /** Read on every pick without the lock; written under it. */
  private volatile long ejectedUntil;
  private volatile boolean ejectedOnce;
  private String lastFault;

  /** Keeps the strategy's metrics when they count in-flight calls (peak-EWMA's do), else Vert.x's default. */
  NodeState(InteractionMetrics<?> strategyMetrics) {
    this.metrics = strategyMetrics instanceof DefaultInteractionMetrics counted ? counted : new DefaultInteractionMetrics();
  }

  boolean isEjected(long now) {
    return ejectedOnce && now - ejectedUntil < 0;
  }

  /** The node answered: its failure streak ends, and a long healthy spell earns back one ejection. */
  void succeeded(long now, long ejectionNanos) {
    if (!ejectedOnce && consecutiveFailures == 0) {
      return; // the common case: nothing to write
    }
    synchronized (this) {
      consecutiveFailures = 0;
      if (ejections > 0 && now - decayAt >= 0) {
        ejections--;
        decayAt = now + ejectionNanos;
      }
    }
  }

  /**
   * The node failed; returns true when this failure ejects it. {@code mayEject} says whether the
   * service's ejection cap leaves room.
   */
  synchronized boolean failed(long now, SelectorOptions options, boolean mayEject, String fault) {
    consecutiveFailures++;
    lastFault = fault;
    int threshold = options.getEjectionFailures();
    if (threshold == 0 || consecutiveFailures < threshold || isEjected(now) || !mayEject) {
      return false;
    }
    ejections++;
    long base = options.getEjectionTime().toNanos();
    long duration = Math.min(base * ejections, options.getEjectionMaxTime().toNanos());
    ejectedUntil = now + duration;
    decayAt = ejectedUntil + base;
    ejectedOnce = true;
    consecutiveFailures = 0;
    return true;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  synchronized int ejections() {
    return ejections;
  }

  /** How long the node stays ejected from now, in nanoseconds; 0 when it is not. */
  long ejectedFor(long now) {
    return isEjected(now) ? ejectedUntil - now : 0;
  }

  /** What the last failure was (a status, never an error's text), or null when none since the selector knew it. */
  synchronized String lastFault() {
    return lastFault;
  }
}
