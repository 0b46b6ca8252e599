package io.microvx.web;

import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Deployed with no arguments, as {@code micro web} does, the dashboard makes its parts from its config. */
class StandaloneDashboardTest {

  @Test
  void itBuildsItsOwnRegistryAndClientFromItsConfig() {
    Vertx vertx = Vertx.vertx();
    try {
      String store = "standalone-" + UUID.randomUUID();
      Registry registry = Registry.sharedMemory(vertx, store);
      Await.result(registry.register(new Service("go.micro.web.notes", "1.0.0", List.of(new Node("notes-1", "127.0.0.1:1")))));
      WebDashboardVerticle dashboard = new WebDashboardVerticle();
      Await.result(vertx.deployVerticle(dashboard, new DeploymentOptions().setConfig(new JsonObject()
        .put("registry", "memory").put("registry_address", store).put("broker", "memory").put("broker_address", store)
        .put("web_address", "127.0.0.1:0").put("web_namespace", "go.micro.web"))));
      assertThat(dashboard.address()).startsWith("127.0.0.1:");
      WebClient web = WebClient.create(vertx);
      JsonObject services = Await.result(web.get(dashboard.port(), "127.0.0.1", "/_/api/services").send()).bodyAsJsonObject();
      assertThat(services.getString("registry")).isEqualTo("memory");
      assertThat(services.getJsonArray("services").getJsonObject(0).getString("web")).isEqualTo("/notes/");
      web.close();
    } finally {
      Await.result(vertx.close());
    }
  }
}
