package io.microvx.broker;

import java.time.Clock;
import java.time.Duration;

/**
 * The deadline a message carries: the time by which the work it asks for stops being useful.
 *
 * <p>A message published while a call is being served (inside a handler) carries the call's remaining
 * deadline in the {@value #HEADER} header, as absolute Unix epoch milliseconds. The RPC wire sends the
 * remaining time instead ({@code Timeout}, nanoseconds), which is right for a request answered at once but
 * wrong for a message that may wait in a queue for minutes: an absolute instant keeps counting down while
 * the message waits. It assumes the publisher's and subscriber's clocks agree to within the precision the
 * deadline needs (NTP keeps them within milliseconds).
 *
 * <p>Subscriptions drop a message whose deadline passed before it was handed over (acknowledged, not
 * handled, counted in {@link BrokerStats#expired()}) unless {@link SubscribeOptions#setDropExpired} turned it
 * off. Handlers read what is left with {@link #remaining(Message, Clock)}; typed subscribers of a server get
 * it as their {@code CallContext}'s deadline, so the calls they make inherit it.
 */
public final class Deadlines {

  /** The header holding a message's deadline, in Unix epoch milliseconds. */
  public static final String HEADER = io.microvx.transport.Headers.MICRO_DEADLINE;

  private Deadlines() {
  }

  /** The message's deadline in Unix epoch milliseconds, or null when it has none (or an unreadable one). */
  public static Long epochMillis(Message message) {
    String value = message.header(HEADER);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long millis = Long.parseLong(value.trim());
      return millis > 0 ? millis : null;
    } catch (NumberFormatException e) {
      return null; // a deadline nobody can read cannot expire anything
    }
  }

  /** The time left before the message's deadline by the clock (zero once passed), or null without one. */
  public static Duration remaining(Message message, Clock clock) {
    Long deadline = epochMillis(message);
    return deadline == null ? null : Duration.ofMillis(Math.max(0, deadline - clock.millis()));
  }

  /** Whether the message has a deadline and it passed by the clock. */
  public static boolean isExpired(Message message, Clock clock) {
    Long deadline = epochMillis(message);
    return deadline != null && isExpired(deadline, clock);
  }

  /** Whether a deadline in Unix epoch milliseconds passed by the clock. */
  public static boolean isExpired(long epochMillis, Clock clock) {
    return clock.millis() >= epochMillis;
  }

  /**
   * The epoch milliseconds of a {@link System#nanoTime()}-style deadline (as a served call keeps it),
   * given the nano clock's and the wall clock's current readings; at least 1, so it reads as a deadline.
   */
  public static long toEpochMillis(long nanoDeadline, long nanoNow, Clock clock) {
    return Math.max(1, clock.millis() + Math.floorDiv(nanoDeadline - nanoNow, 1_000_000L));
  }

  /** The {@link System#nanoTime()}-style instant of a message's epoch deadline, given both clocks' readings. */
  public static long toNanoDeadline(long epochMillis, long nanoNow, Clock clock) {
    long deadline = nanoNow + (epochMillis - clock.millis()) * 1_000_000L;
    return deadline == 0 ? 1 : deadline; // 0 means "no deadline"
  }
}
