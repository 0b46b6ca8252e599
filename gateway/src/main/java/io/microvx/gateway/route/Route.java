package io.microvx.gateway.route;

import java.util.Locale;

/**
 * Where a request goes: the handler that serves it, the service (or, for events, the topic) and endpoint
 * (or event name), the path to forward (proxies), and what the registry says of the endpoint.
 *
 * @param kind         the handler
 * @param service      the registered service name; the topic for events
 * @param endpoint     {@code Type.Method} for RPC; the event name; null for proxies
 * @param path         the path a proxy forwards
 * @param stream       the endpoint streams (served over a WebSocket)
 * @param authRequired the endpoint's metadata asks for a credential ({@code auth=true})
 * @param label        a bounded name for metrics: registered endpoints only, never raw paths
 */
public record Route(Kind kind, String service, String endpoint, String path, boolean stream, boolean authRequired,
                    String label) {

  /** micro's handlers. */
  public enum Kind {
    RPC, API, HTTP, WEB, EVENT;

    /** {@code rpc}, {@code api}, {@code http} (or {@code proxy}), {@code web}, {@code event}; null otherwise. */
    public static Kind of(String name) {
      if (name == null) {
        return null;
      }
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "rpc", "meta" -> RPC;
        case "api" -> API;
        case "http", "proxy" -> HTTP;
        case "web" -> WEB;
        case "event" -> EVENT;
        default -> null;
      };
    }

    /** Whether the handler reads the whole body (the proxies stream it instead). */
    public boolean readsBody() {
      return this == RPC || this == API || this == EVENT;
    }
  }
}
