package io.microvx.client;

import java.util.function.LongSupplier;

/**
 * Tokens over a sliding window of ten slots: a call deposits {@code percent} tokens, a retry takes 100,
 * and both expire with their slot; a reserve of {@code minPerSecond} × window seconds × 100 is always
 * there. Within any window, retries ≤ percent % of calls + the reserve (give or take one slot).
 */
final class TokenRetryBudget implements RetryBudget {

  static final RetryBudget UNLIMITED = new RetryBudget() {
    @Override
    public void deposit() {
    }

    @Override
    public boolean tryWithdraw() {
      return true;
    }

    @Override
    public long balance() {
      return Long.MAX_VALUE;
    }

    @Override
    public String toString() {
      return "RetryBudget(unlimited)";
    }
  };

  private static final int SLOTS = 10;
  private static final long WITHDRAWAL = 100;

  private final LongSupplier clock;
  private final long deposit;
  private final long reserve;
  private final long slotNanos;
  private final long origin;
  private final long[] slots = new long[SLOTS];
  private long current;

  TokenRetryBudget(RetryBudgetOptions options, LongSupplier clock) {
    this.clock = clock;
    this.deposit = options.getPercent();
    long windowNanos = options.getWindow().toNanos();
    this.reserve = Math.round(options.getMinPerSecond() * (windowNanos / 1e9) * WITHDRAWAL);
    this.slotNanos = Math.max(1, windowNanos / SLOTS);
    this.origin = clock.getAsLong();
  }

  @Override
  public synchronized void deposit() {
    slots[slot()] += deposit;
  }

  @Override
  public synchronized boolean tryWithdraw() {
    int slot = slot();
    if (tokens() < WITHDRAWAL) {
      return false;
    }
    slots[slot] -= WITHDRAWAL;
    return true;
  }

  @Override
  public synchronized long balance() {
    slot();
    return Math.max(0, tokens() / WITHDRAWAL);
  }

  private long tokens() {
    long sum = reserve;
    for (long s : slots) {
      sum += s;
    }
    return sum;
  }

  /** Moves the window to now, emptying the slots that left it; returns the current slot. */
  private int slot() {
    long index = Math.floorDiv(clock.getAsLong() - origin, slotNanos);
    if (index - current >= SLOTS) {
      java.util.Arrays.fill(slots, 0);
    } else {
      for (long i = current + 1; i <= index; i++) {
        slots[(int) Math.floorMod(i, (long) SLOTS)] = 0;
      }
    }
    if (index > current) {
      current = index;
    }
    return (int) Math.floorMod(current, (long) SLOTS);
  }

  @Override
  public String toString() {
    return "RetryBudget(" + deposit + "% of calls, reserve " + reserve / WITHDRAWAL + ")";
  }
}
