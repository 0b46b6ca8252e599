package io.microvx.plugin;

import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

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
      assertThat(Plugins.available(RegistryProvider.class, RegistryProvider::name)).contains("memory");
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
}
