package io.microvx.server;

/**
 * Counters of a server: when it started (epoch seconds), calls received and failed (unary and streams),
 * and calls in flight now.
 */
public record ServerStats(long started, long requests, long errors, int inflight) {
}
