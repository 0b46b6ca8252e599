package io.microvx.service;

import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MicroVerticleTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  static final List<String> HOOKS = new CopyOnWriteArrayList<>();

  public static class GreeterVerticle extends MicroVerticle {
    @Override
    protected void configure(MicroService.Builder service) {
      service.name("greeter").version("1.0").address("127.0.0.1:0").handler(new Greeting.Say())
        .beforeStart(s -> record("beforeStart"))
        .afterStart(s -> record("afterStart"))
        .beforeStop(s -> record("beforeStop"))
        .afterStop(s -> record("afterStop"));
    }

    private static io.vertx.core.Future<Void> record(String hook) {
      HOOKS.add(hook);
      return io.vertx.core.Future.succeededFuture();
    }
  }

  @Test
  void instancesShareOneVertxAndConfigOverridesCode() {
    HOOKS.clear();
    JsonObject conf = new JsonObject()
      .put("server_version", "2.0")
      .put("registry", "memory")
      .put("broker", "memory")
      .put("registry_address", "verticle-test");
    String id = Await.result(vertx.deployVerticle(GreeterVerticle.class.getName(),
      new DeploymentOptions().setConfig(conf).setInstances(2)));

    io.microvx.registry.Registry registry = io.microvx.registry.Registry.sharedMemory(vertx, "verticle-test");
    List<Service> versions = Await.result(registry.getService("greeter"));
    assertThat(versions).singleElement().satisfies(service -> {
      assertThat(service.version()).isEqualTo("2.0");
      assertThat(service.nodes()).hasSize(2);
    });
    // the two instances start side by side; each runs its hooks around its own start
    assertThat(HOOKS).containsExactlyInAnyOrder("beforeStart", "afterStart", "beforeStart", "afterStart");
    assertThat(HOOKS.get(0)).isEqualTo("beforeStart");

    Await.result(vertx.undeploy(id));
    assertThat(Await.result(registry.getService("greeter"))).as("deregistered on undeploy").isEmpty();
    assertThat(HOOKS).endsWith("afterStop").filteredOn("beforeStop"::equals).hasSize(2);
  }

  @Test
  void anUnknownPluginFailsTheDeploymentWithAClearMessage() {
    Throwable failure = Await.failure(vertx.deployVerticle(GreeterVerticle.class.getName(),
      new DeploymentOptions().setConfig(new JsonObject().put("registry", "zookeeper"))));
    assertThat(failure).hasMessageStartingWith("unknown registry \"zookeeper\": available are memory, proxy");
  }
}
