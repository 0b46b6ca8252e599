package io.microvx.examples.greeter;

import io.microvx.errors.MicroException;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GreeterTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private GreeterClient deployGreeterAndClient(String store) {
    JsonObject config = new JsonObject().put("server_address", "127.0.0.1:0").put("registry", "memory").put("registry_address", store)
      .put("broker", "memory").put("broker_address", store);
    Await.result(vertx.deployVerticle(GreeterVerticle.class.getName(), new DeploymentOptions().setConfig(config)));
    MicroService caller = Await.result(vertx.executeBlocking(() -> MicroService.builder(vertx)
      .name("greeter.client").config(config).build()));
    return new GreeterClient(caller.client());
  }

  @Test
  void theClientGreetsThroughTheVerticle() {
    GreeterClient greeter = deployGreeterAndClient("greeter-test-1");
    assertThat(Await.result(greeter.greet("Ada"))).isEqualTo("Hello Ada");
  }

  @Test
  void aMissingNameIsABadRequest() {
    GreeterClient greeter = deployGreeterAndClient("greeter-test-2");
    Throwable failure = Await.failure(greeter.greet(""));
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.detail()).isEqualTo("a name is required");
    });
  }

  @Test
  void theDemoRunsEndToEndWithEveryCallAnswered() {
    GreeterDemo.Tally tally = Await.result(GreeterDemo.run(vertx, 1));
    assertThat(tally.greetings()).containsExactly("Hello Ada", "Hello Grace");
    // each of the 32 callers makes at least one call, however slow the machine
    assertThat(tally.calls()).isGreaterThanOrEqualTo(32);
    assertThat(tally.failed()).isZero();
  }
}
