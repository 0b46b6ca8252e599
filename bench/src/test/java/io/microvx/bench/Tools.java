package io.microvx.bench;

import io.microvx.testing.Ci;

/** Commands the bench tests run: scripts/test installs them; under CI a missing one fails, elsewhere it skips. */
public final class Tools {

  private Tools() {
  }

  public static void require(String command) {
    Ci.require(Bench.onPath(command), command + " is not on the PATH (scripts/test installs it with apt)");
  }
}
