package io.microvx.proxy.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The nodes callers without a token keep registered through the proxy, each until its TTL lapses or it
 * is deregistered: at most {@code max} at once, so an anonymous caller cannot fill the registry. Used on
 * the proxy's event loop only.
 */
final class Registrations {

  private final int max;
  private final LongSupplier nanos;
  private final Map<String, Long> expiries = new HashMap<>();

  Registrations(int max, LongSupplier nanos) {
    this.max = max;
    this.nanos = nanos;
  }

  /** Records the node until its TTL lapses; false when that would exceed the bound (nothing recorded). */
  boolean admit(String key, Duration ttl) {
    long now = nanos.getAsLong();
    if (!expiries.containsKey(key) && expiries.size() >= max) {
      purge(now);
      if (expiries.size() >= max) {
        return false;
      }
    }
    expiries.put(key, now + ttl.toNanos());
    return true;
  }

  void remove(String key) {
    expiries.remove(key);
  }

  private void purge(long now) {
    for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) {
      if (it.next() - now <= 0) {
        it.remove();
      }
    }
  }

  /** Forgets every node of the service (deregistered without naming nodes). */
  void removeService(String service) {
    expiries.keySet().removeIf(k -> k.startsWith(service + "\u0000"));
  }

  static String key(String service, String nodeId) {
    return service + "\u0000" + nodeId;
  }
}
