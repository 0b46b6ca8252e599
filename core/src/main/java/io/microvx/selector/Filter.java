package io.microvx.selector;

import io.microvx.registry.Node;
import io.microvx.registry.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Narrows the versions and nodes a call may go to, go-micro's {@code selector.Filter}. */
@FunctionalInterface
public interface Filter {

  List<Service> apply(List<Service> services);

  /** Only the given version. */
  static Filter version(String version) {
    return services -> {
      List<Service> kept = new ArrayList<>();
      for (Service service : services) {
        if (Objects.equals(service.version(), version)) {
          kept.add(service);
        }
      }
      return kept;
    };
  }

  /** Only versions that list the endpoint. */
  static Filter endpoint(String endpoint) {
    return services -> {
      List<Service> kept = new ArrayList<>();
      for (Service service : services) {
        if (service.endpoint(endpoint) != null) {
          kept.add(service);
        }
      }
      return kept;
    };
  }

  /** Only nodes whose metadata has the label with that value. */
  static Filter label(String key, String value) {
    return services -> {
      List<Service> kept = new ArrayList<>();
      for (Service service : services) {
        List<Node> nodes = new ArrayList<>();
        for (Node node : service.nodes()) {
          if (Objects.equals(node.metadata().get(key), value)) {
            nodes.add(node);
          }
        }
        if (!nodes.isEmpty()) {
          kept.add(service.withNodes(nodes));
        }
      }
      return kept;
    };
  }
}
