package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds plugins by name with {@link ServiceLoader}. An unknown name fails with a message listing the
 * names that are available, so a typo or a missing jar is obvious. Two plugins of one kind answering to
 * one name (or alias) fail the first lookup of that kind, naming both jars: which one won would otherwise
 * depend on the order of the class path.
 *
 * <p>The first lookup of a kind reads the class path (blocking file reads: do it off the event loop, as
 * {@link io.microvx.service.MicroVerticle} does); the providers found are kept per class loader. Lookups
 * go through the thread's context class loader, or through the plugins folder's loader once
 * {@link PluginPath#install()} has made one.
 */
public final class Plugins {

  /** A kind of plugin: its provider interface, the word people use for it, and how to read a provider's names. */
  private record Kind<P>(Class<P> type, String word, Function<P, String> nameOf, Function<P, Set<String>> aliasesOf) {
  }

  /** The providers of one kind found through one class loader: by lower-case name and alias, and as shown. */
  private record Found<P>(Map<String, P> byName, List<Plugin> plugins) {
  }

  private static final Kind<RegistryProvider> REGISTRY =
    new Kind<>(RegistryProvider.class, "registry", RegistryProvider::name, RegistryProvider::aliases);
  private static final Kind<BrokerProvider> BROKER =
    new Kind<>(BrokerProvider.class, "broker", BrokerProvider::name, BrokerProvider::aliases);
  private static final Kind<TransportProvider> TRANSPORT =
    new Kind<>(TransportProvider.class, "transport", TransportProvider::name, TransportProvider::aliases);
  private static final Kind<SelectorProvider> SELECTOR =
    new Kind<>(SelectorProvider.class, "selector", SelectorProvider::name, SelectorProvider::aliases);
  private static final Kind<WrapperProvider> WRAPPER =
    new Kind<>(WrapperProvider.class, "wrapper", WrapperProvider::name, WrapperProvider::aliases);
  private static final List<Kind<?>> KINDS = List.of(REGISTRY, BROKER, TRANSPORT, SELECTOR, WRAPPER);

  private static final Map<ClassLoader, Map<Class<?>, Found<?>>> FOUND = new ConcurrentHashMap<>();
  private static volatile ClassLoader pluginLoader;

  private Plugins() {
  }

  public static Registry registry(Vertx vertx, String name, JsonObject config) {
    return find(REGISTRY, name).create(vertx, config);
  }

  public static Transport transport(Vertx vertx, String name, JsonObject config) {
    return find(TRANSPORT, name).create(vertx, config);
  }

  public static Selector selector(Vertx vertx, String name, CachingRegistry registry, JsonObject config) {
    return find(SELECTOR, name).create(vertx, registry, config);
  }

  public static Broker broker(Vertx vertx, String name, CachingRegistry registry, JsonObject config) {
    return find(BROKER, name).create(vertx, registry, config);
  }

  /**
   * The wrappers of every wrapper plugin on the class path, each configured from the flat options (those
   * not configured change nothing), in the order of their names. Reads the class path the first time:
   * never on an event loop.
   */
  public static ServiceWrappers wrappers(Vertx vertx, JsonObject config) {
    Found<WrapperProvider> found = found(WRAPPER);
    List<ServiceWrappers> made = new ArrayList<>();
    for (Plugin plugin : found.plugins()) {
      made.add(found.byName().get(plugin.name().toLowerCase(Locale.ROOT)).create(vertx, config));
    }
    return ServiceWrappers.all(made);
  }

  /**
   * The names of the plugins of a kind ({@code RegistryProvider.class}, …) on the class path, sorted.
   * Reads the class path the first time: never on an event loop.
   */
  public static Set<String> available(Class<?> type) {
    return namesOf(found(kindOf(type)));
  }

  /**
   * The names of the plugins of a kind that lookups through this thread's class loader have already
   * found, sorted. It reads nothing, so an event loop may call it, to say in an error what exists; empty
   * before the first lookup of that kind.
   */
  public static Set<String> loaded(Class<?> type) {
    Found<?> found = FOUND.getOrDefault(loader(), Map.of()).get(type);
    return found == null ? Set.of() : namesOf(found);
  }

  /**
   * Every plugin on the class path, by kind (registry, broker, transport, selector, wrapper) then name, with
   * where each came from. Reads the class path the first time: never on an event loop.
   */
  public static List<Plugin> list() {
    List<Plugin> all = new ArrayList<>();
    for (Kind<?> kind : KINDS) {
      all.addAll(found(kind).plugins());
    }
    return all;
  }

  /** Makes lookups consult the plugins folder's loader ({@link PluginPath#install()}); null undoes it. */
  static void install(ClassLoader loader) {
    pluginLoader = loader;
  }

  /**
   * The thread's context class loader, or the plugin loader when that is null or one of the plugin
   * loader's parents. The context class loader alone would do for threads made after the install, which
   * inherit it (Vert.x's too); this keeps the plugins visible on any other thread carrying the application
   * class loader (one made earlier, a JDK pool's, a context whose deployment named that loader).
   */
  static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader plugins = pluginLoader;
    if (plugins != null && (context == null || isAncestorOf(context, plugins))) {
      return plugins;
    }
    return context != null ? context : Plugins.class.getClassLoader();
  }

  private static boolean isAncestorOf(ClassLoader candidate, ClassLoader loader) {
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l == candidate) {
        return true;
      }
    }
    return false;
  }

  private static <P> P find(Kind<P> kind, String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    Found<P> found = found(kind);
    P provider = found.byName().get(wanted);
    if (provider != null) {
      return provider;
    }
    Set<String> names = namesOf(found);
    throw new IllegalArgumentException("unknown " + kind.word() + " \"" + name + "\": available are "
      + (names.isEmpty() ? "none" : String.join(", ", names))
      + " (a plugin is found when its jar is on the class path)");
  }

  private static Kind<?> kindOf(Class<?> type) {
    for (Kind<?> kind : KINDS) {
      if (kind.type() == type) {
        return kind;
      }
    }
    throw new IllegalArgumentException(type.getName() + " is not a kind of plugin");
  }

  private static Set<String> namesOf(Found<?> found) {
    Set<String> names = new TreeSet<>();
    found.plugins().forEach(plugin -> names.add(plugin.name()));
    return names;
  }

  @SuppressWarnings("unchecked")
  private static <P> Found<P> found(Kind<P> kind) {
    ClassLoader loader = loader();
    return (Found<P>) FOUND.computeIfAbsent(loader, l -> new ConcurrentHashMap<>())
      .computeIfAbsent(kind.type(), type -> scan(kind, loader));
  }

  private static <P> Found<P> scan(Kind<P> kind, ClassLoader loader) {
    Map<String, P> byName = new HashMap<>();
    List<Plugin> plugins = new ArrayList<>();
    try {
      // ServiceLoader yields a class once however many jars list it (a bundled plugin also in the plugins
      // folder is one plugin); two classes answering to one name are a clash
      for (P provider : ServiceLoader.load(kind.type(), loader)) {
        Set<String> names = new LinkedHashSet<>();
        names.add(kind.nameOf().apply(provider).toLowerCase(Locale.ROOT));
        kind.aliasesOf().apply(provider).forEach(alias -> names.add(alias.toLowerCase(Locale.ROOT)));
        for (String name : names) {
          P other = byName.putIfAbsent(name, provider);
          if (other != null) {
            throw new IllegalStateException("two " + kind.word() + " plugins are named \"" + name + "\": "
              + bothSources(other.getClass(), provider.getClass()) + "; remove one");
          }
        }
        plugins.add(new Plugin(kind.word(), kind.nameOf().apply(provider), List.copyOf(kind.aliasesOf().apply(provider)),
          sourceOf(provider.getClass())));
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a " + kind.word() + " plugin cannot be loaded: " + e.getMessage(), e);
    }
    plugins.sort(Comparator.comparing(Plugin::name));
    return new Found<>(Map.copyOf(byName), List.copyOf(plugins));
  }

  /** "a.jar and b.jar", with the classes when both came from one place. */
  private static String bothSources(Class<?> one, Class<?> other) {
    String first = sourceOf(one);
    String second = sourceOf(other);
    return first.equals(second)
      ? first + " (" + one.getName() + ") and " + second + " (" + other.getName() + ")"
      : first + " and " + second;
  }

  /** The jar or classes folder a class was loaded from. */
  static String sourceOf(Class<?> type) {
    CodeSource code = type.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return "unknown";
    }
    try {
      return Path.of(code.getLocation().toURI()).toString();
    } catch (URISyntaxException | RuntimeException e) {
      return code.getLocation().toString();
    }
  }
}
