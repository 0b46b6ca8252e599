package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds plugins by name with {@link ServiceLoader}. An unknown name fails with a message listing the
 * names that are available, so a typo or a missing jar is obvious.
 *
 * <p>The first lookup of a kind reads the class path (blocking file reads: do it off the event loop, as
 * {@link io.microvx.service.MicroVerticle} does); the providers found are kept per class loader.
 */
public final class Plugins {

  private static final Map<ClassLoader, Map<Class<?>, List<?>>> PROVIDERS = new ConcurrentHashMap<>();

  private Plugins() {
  }

  public static Registry registry(Vertx vertx, String name, JsonObject config) {
    return find(RegistryProvider.class, "registry", name, RegistryProvider::name, RegistryProvider::aliases)
      .create(vertx, config);
  }

  public static Transport transport(Vertx vertx, String name, JsonObject config) {
    return find(TransportProvider.class, "transport", name, TransportProvider::name, TransportProvider::aliases)
      .create(vertx, config);
  }

  public static Selector selector(Vertx vertx, String name, CachingRegistry registry, JsonObject config) {
    return find(SelectorProvider.class, "selector", name, SelectorProvider::name, SelectorProvider::aliases)
      .create(vertx, registry, config);
  }

  public static Broker broker(Vertx vertx, String name, CachingRegistry registry, JsonObject config) {
    return find(BrokerProvider.class, "broker", name, BrokerProvider::name, BrokerProvider::aliases)
      .create(vertx, registry, config);
  }

  /** The names of the providers of a kind on the class path, sorted. */
  public static <P> Set<String> available(Class<P> type, Function<P, String> nameOf) {
    Set<String> names = new TreeSet<>();
    for (P provider : providers(type)) {
      names.add(nameOf.apply(provider));
    }
    return names;
  }

  static <P> P find(Class<P> type, String kind, String name, Function<P, String> nameOf, Function<P, Set<String>> aliasesOf) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    for (P provider : providers(type)) {
      String providerName = nameOf.apply(provider);
      if (providerName.equalsIgnoreCase(wanted) || aliasesOf.apply(provider).contains(wanted)) {
        return provider;
      }
      names.add(providerName);
    }
    names.sort(null);
    throw new IllegalArgumentException("unknown " + kind + " \"" + name + "\": available are "
      + (names.isEmpty() ? "none" : String.join(", ", names))
      + " (a plugin is found when its jar is on the class path)");
  }

  @SuppressWarnings("unchecked")
  private static <P> List<P> providers(Class<P> type) {
    return (List<P>) PROVIDERS.computeIfAbsent(loader(), l -> new ConcurrentHashMap<>())
      .computeIfAbsent(type, t -> {
        List<Object> found = new ArrayList<>();
        ServiceLoader.load(t, loader()).forEach(found::add);
        return List.copyOf(found);
      });
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Plugins.class.getClassLoader();
  }
}
