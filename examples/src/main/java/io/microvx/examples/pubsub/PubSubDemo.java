package io.microvx.examples.pubsub;

import io.microvx.service.MicroService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Two services in one process on embedded defaults (in-memory registry, go-micro's http broker on
 * 127.0.0.1): signing up through {@code Accounts.Signup} publishes {@code user.signup}, and the mailer
 * welcomes the new user.
 */
public final class PubSubDemo {

  private PubSubDemo() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      System.err.println("pub/sub demo failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.exit(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  static Future<MailerVerticle> run(Vertx vertx) {
    // one process: an in-memory registry and go-micro's http broker rather than micro server's
    JsonObject config = new JsonObject().put("server_address", "127.0.0.1:0").put("registry", "memory").put("broker", "http");
    MailerVerticle mailer = new MailerVerticle();
    return vertx.deployVerticle(mailer, new DeploymentOptions().setConfig(config))
      .compose(id -> vertx.deployVerticle(AccountsVerticle.class.getName(), new DeploymentOptions().setConfig(config)))
      .compose(id -> vertx.executeBlocking(() -> MicroService.builder(vertx).name("signup.client").config(config).build()))
      .compose(caller -> caller.client().call("accounts", "Accounts.Signup", new Signup("ada@example.com", "pro"), Signup.class))
      .compose(signed -> {
        System.out.println("signed up " + signed.email());
        Future<MailerVerticle> welcomed = Future.succeededFuture(mailer);
        return waitForWelcome(vertx, mailer, 50).compose(v -> welcomed);
      });
  }

  /** The mail goes out asynchronously: look for it a few times before giving up. */
  private static Future<Void> waitForWelcome(Vertx vertx, MailerVerticle mailer, int triesLeft) {
    if (!mailer.welcomer().welcomed().isEmpty()) {
      System.out.println("welcomed " + mailer.welcomer().welcomed().get(0).email());
      return Future.succeededFuture();
    }
    if (triesLeft == 0) {
      return Future.failedFuture("no welcome mail within 5 s");
    }
    return vertx.timer(100).compose(v -> waitForWelcome(vertx, mailer, triesLeft - 1));
  }
}
