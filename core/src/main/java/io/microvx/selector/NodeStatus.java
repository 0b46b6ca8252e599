package io.microvx.selector;

/** A node as the selector sees it. */
public record NodeStatus(String id, String address, long inflight, int consecutiveFailures, boolean ejected,
                         int ejections) {
}
