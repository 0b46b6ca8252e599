package io.microvx.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a test needs from the machine (a command, an installed artifact): under CI ({@code CI} set, as
 * {@code .ci/run} does) a missing one fails the test; on a developer's machine it skips, saying why.
 */
public final class Ci {

  private Ci() {
  }

  /** Whether this is a CI run: {@code CI} set to anything but {@code false}. */
  public static boolean isCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /** Whether an executable {@code command} is in a folder of {@code PATH}. */
  public static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /** Fails (under CI) or skips (elsewhere) the calling test with {@code why} unless {@code available}. */
  public static void require(boolean available, String why) {
    if (available) {
      return;
    }
    Assumptions.assumeTrue(isCi(), why);
    throw new AssertionError(why);
  }
}
