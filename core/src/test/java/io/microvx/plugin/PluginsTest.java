package io.microvx.plugin;

import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.PluginJars;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginsTest {

  @Test
  void findsTheCorePluginsByNameAndAlias() {
    Vertx vertx = Vertx.vertx();
    try {
      Registry registry = Plugins.registry(vertx, "memory", new JsonObject());
      assertThat(registry.name()).isEqualTo("memory");
      assertThat(Plugins.transport(vertx, "HTTP", new JsonObject()).name()).isEqualTo("http");
      assertThat(Plugins.selector(vertx, "cache", Registry.cached(vertx, registry, new io.microvx.registry.CacheOptions()),
        new JsonObject())).isNotNull();
      assertThat(Plugins.available(RegistryProvider.class)).containsExactly("memory", "proxy");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void anUnknownNameListsWhatIsAvailable() {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> Plugins.registry(vertx, "etcd", new JsonObject()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown registry \"etcd\": available are memory, proxy (a plugin is found when its jar is on the class path)");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void twoPluginsWithOneNameFailTheFirstLookupOfTheirKindNamingBothJars(@TempDir Path dir) throws Exception {
    Path a = PluginJars.registry(dir.resolve("a.jar"), "test.a.EtcdRegistry", "etcd", "memory");
    Path b = PluginJars.registry(dir.resolve("b.jar"), "test.b.EtcdRegistry", "etcd", "memory");
    Vertx vertx = Vertx.vertx();
    try {
      withContextLoader(loaderOf(a, b), () -> {
        assertThatThrownBy(() -> Plugins.registry(vertx, "memory", new JsonObject()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("two registry plugins are named \"etcd\": " + a + " and " + b + "; remove one");
        // other kinds are not concerned
        assertThat(Plugins.available(TransportProvider.class)).containsExactly("http");
        return null;
      });
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void aNameClashingWithAnotherPluginsAliasFails(@TempDir Path dir) throws Exception {
    Path jar = PluginJars.registry(dir.resolve("store.jar"), "test.StoreRegistry", "store", "memory", "Memory");
    withContextLoader(loaderOf(jar), () -> {
      assertThatThrownBy(() -> Plugins.available(RegistryProvider.class))
        .hasMessage("two registry plugins are named \"memory\": " + Plugins.sourceOf(MemoryRegistryProvider.class)
          + " and " + jar + "; remove one");
      return null;
    });
  }

  @Test
  void theSameProviderClassFoundTwiceIsOnePlugin(@TempDir Path dir) throws Exception {
    Path copy = PluginJars.copyOf(dir.resolve("memory-copy.jar"), MemoryRegistryProvider.class);
    withContextLoader(loaderOf(copy), () -> {
      assertThat(Plugins.available(RegistryProvider.class)).containsExactly("memory", "proxy");
      assertThat(Plugins.list()).filteredOn(p -> p.name().equals("memory") && p.kind().equals("registry"))
        .singleElement().extracting(Plugin::source).isEqualTo(Plugins.sourceOf(MemoryRegistryProvider.class));
      return null;
    });
  }

  @Test
  void theListSaysWhereEachPluginCameFrom(@TempDir Path dir) throws Exception {
    Path jar = PluginJars.registry(dir.resolve("listed.jar"), "test.ListedRegistry", "listed", "memory", "shown");
    withContextLoader(loaderOf(jar), () -> {
      assertThat(Plugins.list()).extracting(Plugin::kind).containsSubsequence("registry", "broker", "transport", "selector");
      assertThat(Plugins.list()).contains(new Plugin("registry", "listed", List.of("shown"), jar.toString()),
        new Plugin("transport", "http", List.of(), Plugins.sourceOf(HttpTransportProvider.class)),
        new Plugin("selector", "registry", List.of("cache", "default"), Plugins.sourceOf(RegistrySelectorProvider.class)));
      assertThat(Plugins.loaded(RegistryProvider.class)).contains("listed", "memory");
      return null;
    });
  }

  @Test
  void aPluginMakesWhatItIsAskedFor(@TempDir Path dir) throws Exception {
    Path jar = PluginJars.registry(dir.resolve("made.jar"), "test.MadeRegistry", "made", "memory");
    Vertx vertx = Vertx.vertx();
    try {
      Registry registry = withContextLoader(loaderOf(jar), () -> Plugins.registry(vertx, "MADE", new JsonObject()));
      assertThat(registry.name()).isEqualTo("memory");
    } finally {
      Await.result(vertx.close());
    }
  }

  static ClassLoader loaderOf(Path... jars) throws Exception {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, Plugins.class.getClassLoader());
  }

  static <T> T withContextLoader(ClassLoader loader, Callable<T> body) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
