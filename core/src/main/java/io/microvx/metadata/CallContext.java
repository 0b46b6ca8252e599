package io.microvx.metadata;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The call being served, go-micro's {@code ctx}: its metadata, deadline and cancellation, and which
 * service and endpoint it is for.
 *
 * <p>The server makes one per request and makes it {@link #current()} on the request's Vert.x context, so
 * calls a handler makes inherit its metadata and the time it has left without passing anything along.
 * Handler methods may also take it as a parameter.
 */
public final class CallContext {

  private final String service;
  private final String endpoint;
  private Metadata metadata;
  private Supplier<Metadata> metadataSource;
  private final long deadline;
  private String remoteAddress;
  private Supplier<String> remoteAddressSource;
  private List<Runnable> cancelActions;
  private volatile boolean cancelled;

  /**
   * @param deadline a {@link System#nanoTime()} instant, or 0 for none
   */
  public CallContext(String service, String endpoint, Metadata metadata, long deadline, String remoteAddress) {
    this.service = service;
    this.endpoint = endpoint;
    this.metadata = metadata == null ? Metadata.empty() : metadata;
    this.deadline = deadline;
    this.remoteAddress = remoteAddress;
  }

  /** A context whose metadata and caller address are only built if someone reads them (most handlers never do). */
  public CallContext(String service, String endpoint, Supplier<Metadata> metadata, long deadline,
                     Supplier<String> remoteAddress) {
    this(service, endpoint, (Metadata) null, deadline, null);
    this.metadata = null;
    this.metadataSource = metadata;
    this.remoteAddressSource = remoteAddress;
  }

  /** A context for calls started outside any handler, e.g. to send metadata and a deadline along. */
  public static CallContext of(Metadata metadata, Duration timeout) {
    long deadline = 0;
    if (timeout != null && !timeout.isZero()) {
      deadline = System.nanoTime() + timeout.toNanos();
      deadline = deadline == 0 ? 1 : deadline; // 0 means "no deadline"
    }
    return new CallContext(null, null, metadata, deadline, null);
  }

  /** The call the current Vert.x context is serving, or null. */
  public static CallContext current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(CallContextLocal.LOCAL);
  }

  /** Makes this the current call of a Vert.x context (the server does it for every request). */
  public void attach(Context context) {
    context.putLocal(CallContextLocal.LOCAL, this);
  }

  public String service() {
    return service;
  }

  public String endpoint() {
    return endpoint;
  }

  public Metadata metadata() {
    Metadata md = metadata;
    if (md == null) {
      md = metadataSource.get();
      metadata = md;
    }
    return md;
  }

  /**
   * Sets a metadata pair of the call being served, which the calls and publications its handler makes
   * from then on carry (a wrapper puts its trace context here, so what the handler calls is its child).
   */
  public void putMetadata(String name, String value) {
    metadata = metadata().with(name, value);
  }

  /** The caller's {@code host:port}, when known. */
  public String remoteAddress() {
    String address = remoteAddress;
    if (address == null && remoteAddressSource != null) {
      address = remoteAddressSource.get();
      remoteAddress = address;
    }
    return address;
  }

  /** The {@link System#nanoTime()} instant the caller stops waiting, or 0 when it set none. */
  public long deadline() {
    return deadline;
  }

  /** The time left before the deadline (zero once passed), or null without a deadline. */
  public Duration remaining() {
    if (deadline == 0) {
      return null;
    }
    long left = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(0, left));
  }

  public boolean isExpired() {
    return deadline != 0 && System.nanoTime() - deadline >= 0;
  }

  /** Whether the caller gave up: its deadline passed or it went away. Long work should check this. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs the action when the call is cancelled (at once if it already was). */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Cancels the call: later checks see it and cancel actions run once. */
  public void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = cancelActions;
      cancelActions = null;
    }
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }
}
