package io.microvx.gateway.security;

import io.microvx.gateway.AuthOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;

/**
 * Decides whether a request needs a credential and checks it: vertx-web's {@code JWTAuthHandler}
 * (vertx-auth-jwt: HS256 and RS256 keys, expiry, audience, issuer) and {@code APIKeyHandler} chained so
 * that either will do. A request that needs none passes untouched; one whose credential fails gets 401.
 * The caller's identity ends up in {@code ctx.user()}, from which it is passed on as call metadata.
 */
public interface AccessControl extends Handler<RoutingContext> {

  /**
   * Access control as the options describe it. Builds JWT keys, which is CPU work: call it off the event
   * loop, at start.
   *
   * @param routeRequires whether the request's route asks for a credential itself (endpoint metadata)
   */
  /**
   * The check for a request whose endpoint is known only from its body ({@code POST /rpc}): a credential is
   * needed when the endpoint's metadata asks for one, or one of the paths that reach the same endpoint
   * matches {@code auth_paths}. Calls {@code ctx.next()} once allowed; 401 otherwise.
   */
  void checkEndpoint(RoutingContext ctx, boolean endpointRequires, java.util.List<String> equivalentPaths);

  static AccessControl create(Vertx vertx, AuthOptions options, Predicate<RoutingContext> routeRequires) {
    return new CredentialCheck(vertx, options, routeRequires);
  }
}
