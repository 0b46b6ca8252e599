package io.microvx.registry;

import java.util.List;
import java.util.Map;

/**
 * A service version with its nodes, in go-micro's JSON shape
 * ({@code {"name","version","metadata","endpoints","nodes"}}). Null collections become empty ones.
 */
public record Service(String name, String version, Map<String, String> metadata, List<Endpoint> endpoints,
                      List<Node> nodes) {

  public Service {
    metadata = metadata == null ? Map.of() : Map.copyOf(withoutNulls(metadata));
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  public Service(String name, String version, List<Node> nodes) {
    this(name, version, Map.of(), List.of(), nodes);
  }

  /** The same service with other nodes. */
  public Service withNodes(List<Node> nodes) {
    return new Service(name, version, metadata, endpoints, nodes);
  }

  /** The endpoint with that name, or null. */
  public Endpoint endpoint(String endpointName) {
    for (Endpoint endpoint : endpoints) {
      if (endpoint.name().equals(endpointName)) {
        return endpoint;
      }
    }
    return null;
  }

  /** The map without null keys or values (which {@code Map.copyOf} rejects and Go would never send). */
  static Map<String, String> withoutNulls(Map<String, String> map) {
    boolean clean = true;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        clean = false;
        break;
      }
    }
    if (clean) {
      return map;
    }
    java.util.HashMap<String, String> copy = new java.util.HashMap<>();
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(k, v);
      }
    });
    return copy;
  }
}
