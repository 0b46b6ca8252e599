package io.microvx.examples.bot;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The weather command answers Command.Help and Command.Exec as micro's bot calls them (in JSON). */
class WeatherCommandTest {

  /** The first call on a busy 2-core machine may take seconds (class loading, JIT): not what this test is about. */
  private static final CallOptions SLOW_MACHINE = new CallOptions().setTimeout(java.time.Duration.ofSeconds(30));

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void helpAndExecAnswerAsMicrosBotExpects() {
    JsonObject config = new JsonObject().put("server_address", "127.0.0.1:0").put("registry", "memory")
      .put("registry_address", "weather-test").put("broker", "memory").put("broker_address", "weather-test");
    Await.result(vertx.deployVerticle(WeatherCommandVerticle.class.getName(), new DeploymentOptions().setConfig(config)));
    MicroService caller = Await.result(vertx.executeBlocking(() -> MicroService.builder(vertx).name("bot").config(config).build()));
    Client client = caller.client();
    JsonObject help = Await.result(client.call("go.micro.bot.weather", "Command.Help", new JsonObject(), JsonObject.class, SLOW_MACHINE));
    assertThat(help.getString("usage")).isEqualTo("weather [city]");
    JsonObject exec = Await.result(client.call("go.micro.bot.weather", "Command.Exec",
      new JsonObject().put("args", new JsonArray().add("weather").add("Oslo")), JsonObject.class, SLOW_MACHINE));
    assertThat(new String(Base64.getDecoder().decode(exec.getString("result")), StandardCharsets.UTF_8)).isEqualTo("sunny in Oslo");
    JsonObject missing = Await.result(client.call("go.micro.bot.weather", "Command.Exec",
      new JsonObject().put("args", new JsonArray().add("weather")), JsonObject.class, SLOW_MACHINE));
    assertThat(missing.getString("error")).isEqualTo("which city? e.g. weather Oslo");
  }
}
