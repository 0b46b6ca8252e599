package io.microvx.plugin;

import io.microvx.registry.CachingRegistry;
import io.microvx.selector.Selector;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Makes a selector plugin by name ({@code MICRO_SELECTOR}), listed in {@code META-INF/services}. */
public interface SelectorProvider {

  String name();

  default Set<String> aliases() {
    return Set.of();
  }

  Selector create(Vertx vertx, CachingRegistry registry, JsonObject config);
}
