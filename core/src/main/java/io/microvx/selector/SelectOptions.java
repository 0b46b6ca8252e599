package io.microvx.selector;

import java.util.List;
import java.util.Set;

/**
 * Per-call selection input: filters, the routing key the hashed strategy follows, and the ids of nodes
 * this call already tried (avoided while others remain).
 */
public record SelectOptions(List<Filter> filters, String routingKey, Set<String> excluded) {

  /** No filter, no key, nothing excluded. */
  public static final SelectOptions NONE = new SelectOptions(List.of(), null, Set.of());

  public SelectOptions {
    filters = filters == null ? List.of() : List.copyOf(filters);
    excluded = excluded == null ? Set.of() : Set.copyOf(excluded);
  }

  public SelectOptions excluding(Set<String> nodeIds) {
    return new SelectOptions(filters, routingKey, nodeIds);
  }

  boolean isPlain() {
    return filters.isEmpty() && excluded.isEmpty();
  }
}
