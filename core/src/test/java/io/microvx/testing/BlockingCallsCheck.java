package io.microvx.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which anything blocked an event loop, even where the error BlockHound raised was
 * caught and only logged. Registered for every test by auto-detection ({@code junit-platform.properties}).
 */
public final class BlockingCallsCheck implements BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    VertxBlockHound.takeViolations();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    java.util.List<String> violations = VertxBlockHound.takeViolations();
    if (!violations.isEmpty()) {
      throw new AssertionError("blocking call(s) on an event loop: " + violations);
    }
  }
}
