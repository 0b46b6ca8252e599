package io.microvx.broker;

/**
 * A broker's counters: messages published, published with no subscriber to take them (unrouted),
 * deliveries handled, deliveries that failed (handler error or unreachable subscriber), deliveries
 * retried, and messages finally dropped after every retry; and the state of its connection to a broker
 * server ({@code connected} for brokers that have none to lose, else as the plugin names it, e.g.
 * {@code reconnecting}).
 */
public record BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped,
                          String connection) {

  public static final String CONNECTED = "connected";

  public BrokerStats(long published, long unrouted, long delivered, long failed, long retried, long dropped) {
    this(published, unrouted, delivered, failed, retried, dropped, CONNECTED);
  }

  /** The same counters with the connection's state. */
  public BrokerStats withConnection(String state) {
    return new BrokerStats(published, unrouted, delivered, failed, retried, dropped, state);
  }
}
