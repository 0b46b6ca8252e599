package io.microvx.client;

import java.util.function.LongSupplier;

/**
 * Limits retries and hedged requests to a share of the calls made (Finagle's {@code RetryBudget}). Each
 * call {@linkplain #deposit() deposits}; each retry or hedge must {@linkplain #tryWithdraw() withdraw}, and
 * is not sent when that fails. One budget is shared by all the calls of a client.
 */
public interface RetryBudget {

  /** A call was made: it earns {@code percent} / 100 of a retry for the window. */
  void deposit();

  /** Takes one retry from the budget; false when none is left (the retry is not sent). */
  boolean tryWithdraw();

  /** Whole retries available now. */
  long balance();

  /** The budget the options describe, on {@link System#nanoTime()}; unlimited when turned off. */
  static RetryBudget create(RetryBudgetOptions options) {
    return create(options, System::nanoTime);
  }

  /** The budget the options describe, on a clock of nanoseconds of your own (tests move it by hand). */
  static RetryBudget create(RetryBudgetOptions options, LongSupplier nanoClock) {
    return options.isEnabled() ? new TokenRetryBudget(options, nanoClock) : unlimited();
  }

  /** A budget that allows every retry. */
  static RetryBudget unlimited() {
    return TokenRetryBudget.UNLIMITED;
  }
}
