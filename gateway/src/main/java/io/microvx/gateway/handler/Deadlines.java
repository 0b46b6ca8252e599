package io.microvx.gateway.handler;

import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/** The deadline of a request, set when it arrives; calls it makes get the time left. */
public final class Deadlines {

  private static final String KEY = "micro.deadline";

  private Deadlines() {
  }

  public static void start(RoutingContext ctx, Duration timeout) {
    ctx.put(KEY, System.nanoTime() + timeout.toNanos());
  }

  /** Time left, at least a millisecond; null when no deadline was set. */
  public static Duration remaining(RoutingContext ctx) {
    Long deadline = ctx.get(KEY);
    if (deadline == null) {
      return null;
    }
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }

  /** Whether the deadline passed. */
  public static boolean passed(RoutingContext ctx) {
    Long deadline = ctx.get(KEY);
    return deadline != null && System.nanoTime() - deadline >= 0;
  }

  /** Moves the deadline (the {@code Timeout} header of {@code /rpc}). */
  public static void reset(RoutingContext ctx, Duration timeout) {
    start(ctx, timeout);
  }
}
