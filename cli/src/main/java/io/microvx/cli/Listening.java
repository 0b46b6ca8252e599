package io.microvx.cli;

import io.vertx.core.Future;

import java.net.BindException;
import java.time.Duration;

/** Starting a part that listens: a port already taken is said with the address and the option that names it. */
final class Listening {

  private Listening() {
  }

  static <T> T await(Future<T> deployed, String part, String option, String address) {
    try {
      return Session.await(deployed, Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      if (inUse(e)) {
        throw new IllegalStateException(part + " cannot listen on " + address + ": the address is in use (another micro server?);"
          + " stop what listens there or choose another with " + option);
      }
      throw e;
    }
  }

  private static boolean inUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
