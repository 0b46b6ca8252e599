package io.microvx.registry;

import java.util.Map;

/**
 * An endpoint a service serves, {@code Type.Method}, with its request and response shapes as
 * {@link Value} trees: {@code {"name","request","response","metadata"}}. Streaming endpoints carry
 * {@code stream=true} metadata, subscribers {@code subscriber=true} and {@code topic}, as in go-micro.
 */
public record Endpoint(String name, Value request, Value response, Map<String, String> metadata) {

  public Endpoint {
    metadata = metadata == null ? Map.of() : Map.copyOf(Service.withoutNulls(metadata));
  }
}
