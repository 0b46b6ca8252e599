package io.microvx.broker;

/**
 * A broker's counters: messages published, published with no subscriber to take them (unrouted),
 * deliveries handled, deliveries that failed (handler error or unreachable subscriber), deliveries
 * retried, and messages finally dropped after every retry.
 */
public record BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped) {
}
