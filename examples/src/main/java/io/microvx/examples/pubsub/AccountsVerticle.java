package io.microvx.examples.pubsub;

import io.microvx.service.MicroService;
import io.microvx.service.MicroVerticle;

/** The accounts service: serves {@code Accounts.Signup}, which publishes the signup for the mailer. */
public class AccountsVerticle extends MicroVerticle {

  @Override
  protected void configure(MicroService.Builder service) {
    service.name("accounts").version("1.0.0")
      .handler(new Accounts(() -> service().client()));
  }
}
