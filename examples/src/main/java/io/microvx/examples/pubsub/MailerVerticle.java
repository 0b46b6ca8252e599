package io.microvx.examples.pubsub;

import io.microvx.broker.SubscribeOptions;
import io.microvx.service.MicroService;
import io.microvx.service.MicroVerticle;

/**
 * The mailer: subscribes to {@code user.signup} in the queue group {@code mailer}, so however many
 * instances run, each signup is welcomed once.
 */
public class MailerVerticle extends MicroVerticle {

  public static final String TOPIC = "user.signup";

  private final Welcomer welcomer = new Welcomer();

  @Override
  protected void configure(MicroService.Builder service) {
    service.name("mailer").version("1.0.0")
      .subscriber(TOPIC, welcomer, new SubscribeOptions().setQueue("mailer"));
  }

  public Welcomer welcomer() {
    return welcomer;
  }
}
