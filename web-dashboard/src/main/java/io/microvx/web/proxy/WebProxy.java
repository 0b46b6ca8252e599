package io.microvx.web.proxy;

import io.microvx.web.WebDashboardOptions;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * micro web's reverse proxy: {@code /[name]/rest} goes to a random node of the web service
 * {@code <namespace>.[name]} as {@code /rest}, with {@code X-Micro-Web-Base-Path: /[name]} and
 * {@code X-Forwarded-For}, {@code -Host}, {@code -Proto}, {@code -Prefix}. Bodies stream both ways and
 * WebSocket upgrades are spliced. Only nodes the registry lists are ever connected to: the host comes from
 * the registry, never from the request. An unknown name is a 404 page, an unreachable node a 502 page.
 */
public interface WebProxy extends Handler<RoutingContext> {

  /** micro web's rule for the first path segment. */
  Pattern NAME = Pattern.compile("^[a-zA-Z0-9]+([a-zA-Z0-9-]*[a-zA-Z0-9]*)?$");

  /** Whether {@code /name/} can reach a web service. */
  static boolean isProxyName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * A proxy reading nodes from the view. {@code forwardHeaders} edits the headers sent upstream, after
   * the proxy's own (the dashboard takes its own credentials out there).
   */
  static WebProxy create(Vertx vertx, RegistryMirror view, WebDashboardOptions options,
                         BiConsumer<RoutingContext, MultiMap> forwardHeaders) {
    return new ReverseProxy(vertx, view, options, forwardHeaders);
  }

  Future<Void> close();
}
