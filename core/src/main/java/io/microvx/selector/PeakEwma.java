package io.microvx.selector;

import io.vertx.core.net.endpoint.DefaultInteractionMetric;
import io.vertx.core.net.endpoint.DefaultInteractionMetrics;
import io.vertx.core.net.endpoint.InteractionMetrics;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Linkerd's and Finagle's peak-EWMA balancer: each node's cost is its latency, moved at once to any
 * higher latency seen (the peak) and otherwise decaying towards new samples and towards zero with the
 * time constant, times its calls in flight + 1. A failure counts as at least the penalty latency, so a
 * node that fails fast does not look fast. Of two random nodes the cheaper is chosen (with two nodes,
 * the cheaper of both). A node not yet measured takes one call at a time.
 */
final class PeakEwma implements Strategy {

  /** The cost of an unmeasured node with a call in flight: more than any measured one. */
  private static final double UNMEASURED = Long.MAX_VALUE >> 16;

  private final double tauNanos;
  private final long penaltyNanos;
  private final LongSupplier clock;
  private final RandomGenerator random;

  /** {@code random} null draws from the calling thread's {@link ThreadLocalRandom}. */
  PeakEwma(Duration decay, Duration failurePenalty, LongSupplier clock, RandomGenerator random) {
    if (decay.isNegative() || decay.isZero()) {
      throw new IllegalArgumentException("peak-EWMA decay must be positive: " + decay);
    }
    this.tauNanos = decay.toNanos();
    this.penaltyNanos = failurePenalty.toNanos();
    this.clock = clock;
    this.random = random;
  }

  @Override
  public InteractionMetrics<?> newMetrics() {
    return new Metrics(tauNanos, penaltyNanos, clock);
  }

  @Override
  public ServerSelector selector(List<? extends ServerEndpoint> servers) {
    return () -> {
      int size = servers.size();
      if (size < 2) {
        return size - 1;
      }
      RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
      int first = r.nextInt(size);
      int second = r.nextInt(size - 1);
      if (second >= first) {
        second++;
      }
      return cost(servers.get(second)) < cost(servers.get(first)) ? second : first;
    };
  }

  /** The node's score; endpoints made by another strategy are scored by their calls in flight. */
  static double cost(ServerEndpoint endpoint) {
    InteractionMetrics<?> metrics = endpoint.metrics();
    if (metrics instanceof Metrics peak) {
      return peak.cost();
    }
    return metrics instanceof DefaultInteractionMetrics plain ? plain.numberOfInflightRequests() : 0;
  }

  @Override
  public String toString() {
    return "peak_ewma";
  }

  /** One node's latency estimate; keeps Vert.x's own counters too, which least-requests and the status read. */
  static final class Metrics extends DefaultInteractionMetrics {
    private final double tau;
    private final long penalty;
    private final LongSupplier clock;
    private long stamp;
    private double cost;
    private int pending;

    Metrics(double tau, long penalty, LongSupplier clock) {
      this.tau = tau;
      this.penalty = penalty;
      this.clock = clock;
      this.stamp = clock.getAsLong();
    }

    @Override
    public DefaultInteractionMetric initiateRequest() {
      super.initiateRequest();
      long start = clock.getAsLong();
      synchronized (this) {
        pending++;
      }
      return new Timed(start);
    }

    @Override
    public void reportResponseEnd(DefaultInteractionMetric metric) {
      super.reportResponseEnd(metric);
      end(metric, false);
    }

    @Override
    public void reportFailure(DefaultInteractionMetric metric, Throwable failure) {
      super.reportFailure(metric, failure);
      end(metric, true);
    }

    private void end(DefaultInteractionMetric metric, boolean failed) {
      if (!(metric instanceof Timed timed) || timed.ended) {
        return;
      }
      timed.ended = true;
      long now = clock.getAsLong();
      long rtt = Math.max(0, now - timed.start);
      synchronized (this) {
        pending--;
        observe(now, failed ? Math.max(rtt, penalty) : rtt);
      }
    }

    /** The peak-sensitive average: a higher sample replaces it, a lower one is blended in by elapsed time. */
    private void observe(long now, double rtt) {
      double elapsed = Math.max(0, now - stamp);
      stamp = Math.max(stamp, now);
      if (rtt > cost) {
        cost = rtt;
      } else {
        double w = Math.exp(-elapsed / tau);
        cost = cost * w + rtt * (1 - w);
      }
    }

    /** Latency estimate in nanoseconds × (calls in flight + 1), decayed to now. */
    synchronized double cost() {
      observe(clock.getAsLong(), 0);
      if (cost == 0 && pending != 0) {
        return UNMEASURED + pending;
      }
      return cost * (pending + 1);
    }

    /** The latency estimate alone, decayed to now, in nanoseconds. */
    synchronized double latency() {
      observe(clock.getAsLong(), 0);
      return cost;
    }
  }

  private static final class Timed extends DefaultInteractionMetric {
    final long start;
    boolean ended;

    Timed(long start) {
      this.start = start;
    }
  }
}
