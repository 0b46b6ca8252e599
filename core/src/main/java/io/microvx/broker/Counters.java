package io.microvx.broker;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link BrokerStats}. */
final class Counters {

  final LongAdder published = new LongAdder();
  final LongAdder unrouted = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder dropped = new LongAdder();

  BrokerStats snapshot() {
    return new BrokerStats(published.sum(), unrouted.sum(), delivered.sum(), failed.sum(), retried.sum(), dropped.sum());
  }
}
