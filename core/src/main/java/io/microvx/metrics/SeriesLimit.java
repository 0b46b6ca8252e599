package io.microvx.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How many endpoints or topics one family of meters tracks (server, client or broker): past the limit a new
 * one gets the family's inert meters, and the first refusal is logged. Keys come from callers (a gateway
 * calls whatever endpoint a path names), so without it they could grow the registry without end.
 */
final class SeriesLimit {

  private static final Logger log = LoggerFactory.getLogger(SeriesLimit.class);

  private final String family;
  private final int max;
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();

  SeriesLimit(String family, int max) {
    this.family = family;
    this.max = max;
  }

  /** The map's value for the key, made by {@code create} while the family has room, else {@code inert}. */
  <K, V> V get(ConcurrentHashMap<K, V> map, K key, Function<K, V> create, V inert) {
    V value = map.get(key);
    if (value != null) {
      return value;
    }
    if (used.get() >= max) {
      if (warned.compareAndSet(false, true)) {
        log.warn("{} metrics track {} endpoints or topics already (metrics_max_series): new ones are not recorded",
          family, max);
      }
      return inert;
    }
    return map.computeIfAbsent(key, k -> {
      used.incrementAndGet();
      return create.apply(k);
    });
  }
}
