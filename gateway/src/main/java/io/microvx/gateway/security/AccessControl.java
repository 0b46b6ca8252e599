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
  static AccessControl create(Vertx vertx, AuthOptions options, Predicate<RoutingContext> routeRequires) {
    return new CredentialCheck(vertx, options, routeRequires);
  }
}
