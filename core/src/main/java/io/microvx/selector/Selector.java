package io.microvx.selector;

import io.microvx.registry.CachingRegistry;
import io.vertx.core.Future;

import java.util.List;

/**
 * Picks the node of a service that one call attempt goes to, go-micro's {@code selector.Selector}.
 *
 * <p>Reads the registry cache (no registry round trip per call), applies the call's {@link Filter}s,
 * leaves out nodes already tried by this call and nodes ejected as outliers, and lets a {@link Strategy}
 * choose among the rest. The caller reports how the attempt went through {@link Selection#done}, which
 * feeds both least-requests balancing and outlier ejection.
 */
public interface Selector {

  /**
   * Chooses a node. Fails with a 404 {@link io.microvx.errors.MicroException} when the service is unknown
   * and a 503 when it has no node left to try.
   */
  Future<Selection> select(String service, SelectOptions options);

  /** What the selector knows of each node of a service: load, failures, ejection. */
  List<NodeStatus> status(String service);

  /** How many times each service's nodes were ejected since the selector was made; empty when it ejects none. */
  default java.util.Map<String, Long> ejections() {
    return java.util.Map.of();
  }

  /** Forgets the state of all services. */
  Future<Void> close();

  /** The default selector over a registry cache, strategy and ejection as the options say. */
  static Selector create(CachingRegistry registry, SelectorOptions options) {
    return new RegistrySelector(registry, options, Strategy.byName(options.getStrategy()));
  }

  /** The default selector with a strategy of your own. */
  static Selector create(CachingRegistry registry, SelectorOptions options, Strategy strategy) {
    return new RegistrySelector(registry, options, strategy);
  }
}
