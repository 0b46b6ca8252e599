package io.microvx.server;

/**
 * Counters of a server: when it started (epoch seconds), calls received and failed (unary and streams),
 * calls in flight now, and how often its node was registered again because the registry had lost it.
 */
public record ServerStats(long started, long requests, long errors, int inflight, long reregistrations) {
}
