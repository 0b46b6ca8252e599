package io.microvx.selector;

/**
 * A node as the selector sees it: calls in flight, failures in a row, whether it is ejected and for how
 * many more milliseconds, how often it was, and what its last failure was ({@code 503}, {@code timeout}:
 * a status, never an error's text; null when it has not failed).
 */
public record NodeStatus(String id, String address, long inflight, int consecutiveFailures, boolean ejected,
                         int ejections, long ejectedForMillis, String lastFault) {
}
