package io.microvx.examples.tracing;

import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracingDemoTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void oneSignupIsOneTraceFromTheCallThroughThePublicationToTheMailer() {
    List<String> lines = Await.result(TracingDemo.run(vertx));
    assertThat(lines).containsExactly(
      "INTERNAL accounts/Accounts.Signup",
      "  CLIENT accounts/Accounts.Signup",
      "    SERVER accounts/Accounts.Signup",
      "      PRODUCER user.signup publish",
      "        CONSUMER user.signup process");
  }
}
