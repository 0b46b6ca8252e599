package io.microvx.bench;

import org.junit.jupiter.api.Assumptions;

/** Commands the bench tests run: scripts/test installs them; under {@code CI=true} a missing one fails. */
public final class Tools {

  private Tools() {
  }

  /** Skips the calling test on a developer's machine without {@code command}; fails it under CI. */
  public static void require(String command) {
    if (Bench.onPath(command)) {
      return;
    }
    String message = command + " is not on the PATH (scripts/test installs it with apt)";
    Assumptions.assumeTrue(System.getenv("CI") == null, message);
    throw new AssertionError(message);
  }
}
