package io.microvx.examples.pubsub;

import io.microvx.metadata.CallContext;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mailer's subscriber: every public method taking one message gets each message of the topic,
 * decoded into its parameter type. Failing (or throwing) asks the broker to redeliver.
 */
public class Welcomer {

  private static final Logger log = LoggerFactory.getLogger(Welcomer.class);
  private final List<Signup> welcomed = new CopyOnWriteArrayList<>();

  public Future<Void> welcome(Signup signup, CallContext context) {
    welcomed.add(signup);
    log.info("welcome mail to {} ({} plan), signed up via {}", signup.email(), signup.plan(),
      context.metadata().get("Micro-From-Service"));
    return Future.succeededFuture();
  }

  /** Who was welcomed so far. */
  public List<Signup> welcomed() {
    return List.copyOf(welcomed);
  }
}
