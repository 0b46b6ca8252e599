package io.microvx.plugin;

import java.util.List;

/**
 * A plugin found on the class path, as {@code micro plugins} shows it.
 *
 * @param kind    {@code registry}, {@code broker}, {@code transport}, {@code selector} or {@code wrapper}
 * @param name    the name that selects it ({@code MICRO_REGISTRY=<name>})
 * @param aliases other names it answers to, sorted
 * @param source  where its provider class was loaded from: a jar, a classes folder, or {@code unknown}
 */
public record Plugin(String kind, String name, List<String> aliases, String source) {

  public Plugin {
    aliases = aliases.stream().sorted().toList();
  }
}
