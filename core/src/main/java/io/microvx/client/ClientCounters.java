package io.microvx.client;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ClientStats}, shared by the retry and hedge wrappers of one client. */
final class ClientCounters {

  final LongAdder retries = new LongAdder();
  final LongAdder retriesRefused = new LongAdder();
  final LongAdder hedges = new LongAdder();
  final LongAdder hedgesWon = new LongAdder();
  final LongAdder hedgesRefused = new LongAdder();

  ClientStats snapshot() {
    return new ClientStats(retries.sum(), retriesRefused.sum(), hedges.sum(), hedgesWon.sum(), hedgesRefused.sum());
  }
}
