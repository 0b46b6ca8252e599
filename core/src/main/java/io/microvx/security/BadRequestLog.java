package io.microvx.security;

import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused requests (no Host, a foreign Origin, a malformed request) at debug, one line and never a
 * stack trace, and at most one line per interval: whoever sends them cannot fill the log. The lines left
 * out are counted in the next one.
 */
public final class BadRequestLog {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Consumer<String> sink;
  private final LongSupplier nanos;
  private final long intervalNanos;
  private final AtomicLong next;
  private final AtomicLong skipped = new AtomicLong();

  /** At debug on the given logger, at most once every 10 s. */
  public static BadRequestLog of(Logger log) {
    return new BadRequestLog(line -> {
      if (log.isDebugEnabled()) {
        log.debug(line);
      }
    }, System::nanoTime, DEFAULT_INTERVAL);
  }

  /** Lines to the sink, at most once per interval of the given clock (tests pass their own). */
  public BadRequestLog(Consumer<String> sink, LongSupplier nanos, Duration interval) {
    this.sink = sink;
    this.nanos = nanos;
    this.intervalNanos = interval.toNanos();
    this.next = new AtomicLong(nanos.getAsLong());
  }

  /** Notes a refused request. */
  public void refused(HttpServerRequest request, int status, String detail) {
    long now = nanos.getAsLong();
    long due = next.get();
    if (now - due < 0 || !next.compareAndSet(due, now + intervalNanos)) {
      skipped.incrementAndGet();
      return;
    }
    long left = skipped.getAndSet(0);
    String from = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    sink.accept(status + " to " + request.method() + " " + printable(request.path()) + " from " + from + ": " + detail
      + (left > 0 ? " (" + left + " more refused since the last line)" : ""));
  }

  private static String printable(String path) {
    if (path == null) {
      return "";
    }
    String cut = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
