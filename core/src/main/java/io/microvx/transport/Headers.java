package io.microvx.transport;

import io.vertx.core.http.HttpHeaders;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The header names of go-micro's wire (see {@code GO_MICRO_REFERENCE.md} §2). */
public final class Headers {

  public static final String MICRO_ID = "Micro-Id";
  public static final String MICRO_SERVICE = "Micro-Service";
  public static final String MICRO_ENDPOINT = "Micro-Endpoint";
  public static final String MICRO_METHOD = "Micro-Method";
  public static final String MICRO_ERROR = "Micro-Error";
  public static final String MICRO_STREAM = "Micro-Stream";
  public static final String MICRO_TOPIC = "Micro-Topic";
  /** A broker message's deadline, in Unix epoch milliseconds (see {@code io.microvx.broker.Deadlines}). */
  public static final String MICRO_DEADLINE = "Micro-Deadline";
  /** The time left for the call, in integer nanoseconds. */
  public static final String TIMEOUT = "Timeout";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String ACCEPT = "Accept";
  /** The value of {@link #MICRO_ERROR} that ends a stream normally. */
  public static final String EOS = "EOS";

  /** Pre-encoded names of the headers every reply carries, and their {@code X-} twins: no hashing per call. */
  private static final Map<String, CharSequence> OPTIMIZED = new HashMap<>();
  private static final Map<String, CharSequence> TWINS = new HashMap<>();

  static {
    for (String name : List.of(MICRO_ID, MICRO_SERVICE, MICRO_ENDPOINT, MICRO_METHOD, MICRO_ERROR, MICRO_TOPIC, CONTENT_TYPE)) {
      OPTIMIZED.put(name, HttpHeaders.createOptimized(name));
      TWINS.put(name, HttpHeaders.createOptimized("X-" + name));
    }
  }

  private Headers() {
  }

  /** The name as written, pre-encoded when it is one of the wire's usual ones. */
  static CharSequence optimized(String name) {
    CharSequence known = OPTIMIZED.get(name);
    return known != null ? known : name;
  }

  /** {@code X-} and the name, pre-encoded when it is one of the wire's usual ones. */
  static CharSequence twin(String name) {
    CharSequence known = TWINS.get(name);
    return known != null ? known : "X-" + name;
  }

  /** Whether a header belongs to the transport or RPC layer rather than to the call's metadata. */
  public static boolean isWireHeader(String name) {
    String n = name.regionMatches(true, 0, "X-Micro-", 0, 8) ? name.substring(2) : name;
    return n.equalsIgnoreCase(MICRO_ID) || n.equalsIgnoreCase(MICRO_SERVICE) || n.equalsIgnoreCase(MICRO_ENDPOINT)
      || n.equalsIgnoreCase(MICRO_METHOD) || n.equalsIgnoreCase(MICRO_ERROR) || n.equalsIgnoreCase(MICRO_STREAM)
      || n.equalsIgnoreCase(MICRO_TOPIC) || n.equalsIgnoreCase(MICRO_DEADLINE)
      || n.equalsIgnoreCase(TIMEOUT) || n.equalsIgnoreCase(CONTENT_TYPE) || n.equalsIgnoreCase(ACCEPT)
      || n.equalsIgnoreCase("Content-Length") || n.equalsIgnoreCase("Host") || n.equalsIgnoreCase("Connection")
      || n.equalsIgnoreCase("Transfer-Encoding") || n.equalsIgnoreCase("Accept-Encoding") || n.equalsIgnoreCase("User-Agent")
      || n.equalsIgnoreCase("Upgrade") || n.regionMatches(true, 0, "Sec-WebSocket-", 0, 14) || n.equalsIgnoreCase("Keep-Alive");
  }
}
