package io.microvx.bot;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.Map;

/** The inputs on the class path, by name. */
public final class Inputs {

  private Inputs() {
  }

  /** The names of the inputs that can be made. */
  public static Set<String> available() {
    return providers().keySet();
  }

  /** The input called {@code name}, made from the flat options; an unknown name fails naming the known ones. */
  public static Input create(Vertx vertx, String name, JsonObject config) {
    Map<String, InputProvider> providers = providers();
    InputProvider provider = providers.get(name.trim().toLowerCase(java.util.Locale.ROOT));
    if (provider == null) {
      throw new IllegalArgumentException("no bot input named " + name + ": available are " + String.join(", ", providers.keySet()));
    }
    return provider.create(vertx, config);
  }

  private static Map<String, InputProvider> providers() {
    Map<String, InputProvider> byName = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (InputProvider provider : ServiceLoader.load(InputProvider.class, loader == null ? Inputs.class.getClassLoader() : loader)) {
      byName.putIfAbsent(provider.name(), provider);
    }
    return byName;
  }
}
