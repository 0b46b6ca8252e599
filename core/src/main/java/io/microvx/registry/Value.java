package io.microvx.registry;

import java.util.List;

/**
 * A field of a message shape: {@code {"name","type","values"}}, nested values being its fields.
 * Types use go-micro's names ({@code string}, {@code int64}, {@code []string}, {@code map[string]string}).
 */
public record Value(String name, String type, List<Value> values) {

  public Value {
    values = values == null ? List.of() : List.copyOf(values);
  }

  public Value(String name, String type) {
    this(name, type, List.of());
  }
}
