package io.microvx.bot;

import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One user's commands beyond bot_rate_limit a minute are refused politely; others are still answered. */
class BotRateLimitTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aUserBeyondTheRateLimitIsRefusedAndOthersAreNot() {
    Registry registry = Registry.memory(vertx);
    // 3 a minute: a fourth within the same few seconds finds the bucket empty (refilling one takes 20 s)
    BotOptions options = new BotOptions(new JsonObject().put("test_id", "rate")).setInputs(List.of("test")).setRateLimit(3);
    Await.result(vertx.deployVerticle(new BotVerticle(registry, TestServices.client(vertx, registry), options)));
    TestInput chat = TestInput.STARTED.get("rate");
    for (int i = 0; i < 3; i++) {
      assertThat(Await.result(chat.say("eve", "ping")).text()).isEqualTo("pong");
    }
    assertThat(Await.result(chat.say("eve", "ping")).text()).isEqualTo("slow down, please: at most 3 commands a minute");
    assertThat(Await.result(chat.say("bob", "ping")).text()).isEqualTo("pong");
  }
}
