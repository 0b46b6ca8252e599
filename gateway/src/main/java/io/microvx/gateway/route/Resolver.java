package io.microvx.gateway.route;

/**
 * Finds the route of a request, as micro's API router does: routes declared in endpoint metadata first,
 * then the event prefix (when a broker is there), then the path rules of {@link MicroPaths} under the
 * gateway's handler, trying the namespaced service name before the bare one. Answers from the
 * {@link ServiceIndex} alone: no registry round trip.
 */
public interface Resolver {

  /**
   * The route for a request, or null when no registered service matches.
   *
   * @param method the HTTP method, upper case
   * @param host   the {@code Host} header, or null
   * @param path   the normalized path ({@code /../} resolved)
   */
  Route resolve(String method, String host, String path);

  /**
   * micro's resolver.
   *
   * @param namespace   tried first: {@code go.micro.api} makes {@code /greeter/…} try {@code go.micro.api.greeter}
   * @param handler     {@code meta}, {@code rpc}, {@code api}, {@code http}, {@code web} or {@code event}
   * @param eventPrefix the path prefix served by the event handler, or empty for none
   */
  static Resolver micro(ServiceIndex index, String namespace, String handler, String eventPrefix) {
    return new MicroResolver(index, namespace, handler, eventPrefix);
  }
}
