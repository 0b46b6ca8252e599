package io.microvx.plugin;

import io.microvx.registry.CachingRegistry;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** {@code registry} (also {@code default}, {@code cache}): selection over the registry cache, the default. */
public final class RegistrySelectorProvider implements SelectorProvider {

  @Override
  public String name() {
    return "registry";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("default", "cache");
  }

  @Override
  public Selector create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    return Selector.create(registry, new SelectorOptions(config));
  }
}
