package io.microvx.metadata;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Call metadata: string pairs carried as headers with a call, go-micro's {@code metadata.Metadata}.
 *
 * <p>Immutable. Names compare without regard to case, as HTTP headers do, so {@code x-user} and
 * {@code X-User} are one entry; the spelling first given is kept.
 */
public final class Metadata {

  private static final Metadata EMPTY = new Metadata(Collections.emptyMap());

  private final Map<String, String> entries;

  private Metadata(Map<String, String> entries) {
    this.entries = entries;
  }

  public static Metadata empty() {
    return EMPTY;
  }

  public static Metadata of(String name, String value) {
    return EMPTY.with(name, value);
  }

  /** Metadata holding a copy of the given pairs; null values are left out. */
  public static Metadata of(Map<String, String> pairs) {
    if (pairs == null || pairs.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    pairs.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.putIfAbsent(k, v);
      }
    });
    return copy.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(copy));
  }

  /** The value for a name, or null. */
  public String get(String name) {
    return entries.get(name);
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** A copy with the pair added or replaced. */
  public Metadata with(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(entries);
    copy.remove(name);
    copy.put(name, value);
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  /** A copy holding these pairs and, where a name is in both, the other's value. */
  public Metadata merge(Metadata other) {
    if (other == null || other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(entries);
    other.entries.forEach((k, v) -> {
      copy.remove(k);
      copy.put(k, v);
    });
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  public void forEach(BiConsumer<String, String> action) {
    entries.forEach(action);
  }

  /** An unmodifiable view; lookups in it ignore case. */
  public Map<String, String> asMap() {
    return entries;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && entries.equals(m.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
