package io.microvx.client;

/**
 * A client's resilience counters since it was built: retries sent, retries the
 * {@linkplain RetryBudget retry budget} refused, hedged requests sent, hedges whose answer won, and
 * hedges the budget refused. {@link Client#stats()} returns them; {@code Debug.Stats} reports the
 * service's client under {@code client}.
 */
public record ClientStats(long retries, long retriesRefused, long hedges, long hedgesWon, long hedgesRefused) {

  /** All zero: a client that counts nothing. */
  public static final ClientStats NONE = new ClientStats(0, 0, 0, 0, 0);
}
