package io.microvx.broker;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link BrokerStats}, for broker implementations. */
public final class BrokerCounters {

  public final LongAdder published = new LongAdder();
  public final LongAdder unrouted = new LongAdder();
  public final LongAdder delivered = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder retried = new LongAdder();
  public final LongAdder dropped = new LongAdder();
  /** Messages acknowledged unhandled because their deadline had passed before delivery. */
  public final LongAdder expired = new LongAdder();

  public BrokerStats snapshot() {
    return new BrokerStats(published.sum(), unrouted.sum(), delivered.sum(), failed.sum(), retried.sum(), dropped.sum(),
      expired.sum(), BrokerStats.CONNECTED);
  }
}
