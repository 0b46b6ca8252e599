package io.microvx.examples.pubsub;

import io.microvx.errors.MicroException;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aSignupIsWelcomedOnceAcrossTwoMailers() {
    JsonObject config = new JsonObject().put("server_address", "127.0.0.1:0").put("registry", "memory").put("registry_address", "pubsub-test")
      .put("broker", "http");
    MailerVerticle first = new MailerVerticle();
    MailerVerticle second = new MailerVerticle();
    Await.result(vertx.deployVerticle(first, new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(second, new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(AccountsVerticle.class.getName(), new DeploymentOptions().setConfig(config)));
    MicroService caller = Await.result(vertx.executeBlocking(() -> MicroService.builder(vertx).name("caller").config(config).build()));

    for (int i = 0; i < 20; i++) {
      Await.result(caller.client().call("accounts", "Accounts.Signup", new Signup("u" + i + "@example.com", "free"), Signup.class));
    }
    Await.until("20 welcome mails", () -> first.welcomer().welcomed().size() + second.welcomer().welcomed().size() == 20);
    assertThat(first.welcomer().welcomed()).doesNotContainAnyElementsOf(second.welcomer().welcomed());

    Throwable refused = Await.failure(caller.client().call("accounts", "Accounts.Signup", new Signup("nobody", "free"), Signup.class));
    assertThat(((MicroException) refused).code()).isEqualTo(400);
  }

  @Test
  void theDemoRunsEndToEnd() {
    MailerVerticle mailer = Await.result(PubSubDemo.run(vertx));
    assertThat(mailer.welcomer().welcomed()).extracting(Signup::email).containsExactly("ada@example.com");
  }
}
