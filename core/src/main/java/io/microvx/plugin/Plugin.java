package io.microvx.plugin;

import java.util.Set;

/**
 * A plugin found on the class path, as {@code micro plugins} shows it.
 *
 * @param kind    {@code registry}, {@code broker}, {@code transport} or {@code selector}
 * @param name    the name that selects it ({@code MICRO_REGISTRY=<name>})
 * @param aliases other names it answers to
 * @param source  where its provider class was loaded from: a jar, a classes folder, or {@code unknown}
 */
public record Plugin(String kind, String name, Set<String> aliases, String source) {

  public Plugin {
    aliases = Set.copyOf(aliases);
  }
}
