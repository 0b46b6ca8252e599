package io.microvx.client;

import io.vertx.core.Vertx;

/**
 * Behaviour around a call, go-micro's {@code client.CallWrapper} and Armeria's decorators: given the
 * next step, return a step that does something before, after or instead of it.
 *
 * <p>Call wrappers ({@link Client.Builder#wrap}) see the whole call once; attempt wrappers
 * ({@link Client.Builder#wrapAttempt}) see each attempt, after a node is chosen
 * ({@link CallRequest#node()}). The deadline and retry behaviour are wrappers themselves.
 */
@FunctionalInterface
public interface CallWrapper {

  Call wrap(Call next);

  /**
   * Fixes the call's deadline (its timeout, or the caller's own deadline when it is sooner), merges the
   * metadata of the request being served, and fails at once with 408 when no time is left.
   */
  static CallWrapper deadline(ClientOptions defaults) {
    return new DeadlineWrapper(defaults);
  }

  /**
   * Retries connection failures, 408 and 5xx on another node, up to the call's retries, after the
   * back-off and only while the deadline leaves time and the options' retry budget (a budget of its own)
   * allows.
   */
  static CallWrapper retry(Vertx vertx, ClientOptions defaults, Backoff backoff) {
    return new RetryWrapper(vertx, defaults, backoff, RetryBudget.create(defaults.getRetryBudget()),
      new ClientCounters());
  }
}
