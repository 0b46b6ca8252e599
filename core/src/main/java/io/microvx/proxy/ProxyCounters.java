package io.microvx.proxy;

import io.microvx.broker.BrokerStats;

import java.util.concurrent.atomic.LongAdder;

/** The proxy broker's counters (what the proxy itself routes is in its own stats). */
final class ProxyCounters {

  final LongAdder published = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder dropped = new LongAdder();

  BrokerStats snapshot() {
    return new BrokerStats(published.sum(), 0, delivered.sum(), failed.sum(), retried.sum(), dropped.sum());
  }
}
