package io.microvx.broker;

/**
 * A broker's counters: messages published, published with no subscriber to take them (unrouted),
 * deliveries handled, deliveries that failed (handler error or unreachable subscriber), deliveries
 * retried, messages finally dropped after every retry, and messages dropped unhandled because their
 * deadline ({@link Deadlines}) had passed before delivery (expired); and the state of its connection to a
 * broker server ({@code connected} for brokers that have none to lose, else as the plugin names it, e.g.
 * {@code reconnecting}).
 */
public record BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped,
                          long expired, String connection) {

  public static final String CONNECTED = "connected";

  public BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped) {
    this(published, unrouted, delivered, failed, retried, dropped, 0, CONNECTED);
  }

  public BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped,
                     String connection) {
    this(published, unrouted, delivered, failed, retried, dropped, 0, connection);
  }

  /** The same counters with the connection's state. */
  public BrokerStats withConnection(String state) {
    return new BrokerStats(published, unrouted, delivered, failed, retried, dropped, expired, state);
  }
}
