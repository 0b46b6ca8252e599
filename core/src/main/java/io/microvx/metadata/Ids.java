package io.microvx.metadata;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers made without blocking. */
public final class Ids {

  private Ids() {
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} reads the
   * system's secure random source, a blocking read an event loop must not make, and ids need no secrecy.
   */
  public static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~0xC000000000000000L | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
