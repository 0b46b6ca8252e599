package io.microvx.examples.pubsub;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;

import java.util.function.Supplier;

/** {@code Accounts.Signup}: records a signup (here: nothing to store) and announces it on the broker. */
public class Accounts {

  private final Supplier<Client> client;

  /** The client is looked up per call: the service that serves this handler makes it. */
  public Accounts(Supplier<Client> client) {
    this.client = client;
  }

  public Future<Signup> signup(Signup signup) {
    if (signup.email() == null || !signup.email().contains("@")) {
      return Future.failedFuture(MicroException.badRequest("accounts", "an email address is required"));
    }
    return client.get().publish(MailerVerticle.TOPIC, signup, new CallOptions().addMetadata("Micro-From-Service", "accounts"))
      .map(signup);
  }
}
