package io.microvx.gateway.security;

import io.microvx.gateway.AuthOptions;
import io.microvx.gateway.handler.GatewayErrors;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@link AccessControl#create}. */
final class CredentialCheck implements AccessControl {

  private final boolean requiredEverywhere;
  private final List<Pattern> paths;
  private final Predicate<RoutingContext> routeRequires;
  private final AuthenticationHandler authentication;

  CredentialCheck(Vertx vertx, AuthOptions options, Predicate<RoutingContext> routeRequires) {
    this.requiredEverywhere = options.isRequired();
    List<Pattern> compiled = new ArrayList<>();
    options.getPaths().forEach(p -> compiled.add(Pattern.compile(p)));
    this.paths = List.copyOf(compiled);
    this.routeRequires = routeRequires;
    this.authentication = authentication(vertx, options);
    if (authentication == null && (requiredEverywhere || !paths.isEmpty())) {
      throw new IllegalArgumentException("auth_required or auth_paths is set but no credential is configured: "
        + "set auth_jwt_secret, auth_jwt_public_key or auth_api_keys");
    }
  }

  private static AuthenticationHandler authentication(Vertx vertx, AuthOptions options) {
    List<AuthenticationHandler> handlers = new ArrayList<>();
    if (options.getJwtSecret() != null || options.getJwtPublicKey() != null) {
      JWTOptions jwt = new JWTOptions().setLeeway(options.getJwtLeeway());
      if (!options.getJwtAudience().isEmpty()) {
        jwt.setAudience(options.getJwtAudience());
      }
      if (options.getJwtIssuer() != null) {
        jwt.setIssuer(options.getJwtIssuer());
      }
      JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(jwt);
      if (options.getJwtSecret() != null) {
        auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(options.getJwtSecret()));
      }
      if (options.getJwtPublicKey() != null) {
        auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem(options.getJwtPublicKey())));
      }
      handlers.add(JWTAuthHandler.create(JWTAuth.create(vertx, auth)));
    }
    if (!options.getApiKeys().isEmpty()) {
      handlers.add(APIKeyHandler.create(new ApiKeys(options.getApiKeys(), options.getApiKeyHeader()))
        .header(options.getApiKeyHeader()));
    }
    if (handlers.isEmpty()) {
      return null;
    }
    if (handlers.size() == 1) {
      return handlers.get(0);
    }
    ChainAuthHandler any = ChainAuthHandler.any();
    handlers.forEach(any::add);
    return any;
  }

  /** A PEM public key; a bare base64 body gets its armour. */
  static String pem(String key) {
    String trimmed = key.trim();
    if (trimmed.startsWith("-----BEGIN")) {
      return trimmed;
    }
    return "-----BEGIN PUBLIC KEY-----\n" + trimmed + "\n-----END PUBLIC KEY-----";
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!required(ctx)) {
      ctx.next();
      return;
    }
    if (authentication == null) {
      GatewayErrors.send(ctx, 401, "this route needs a credential and the gateway has none configured");
      return;
    }
    authentication.handle(ctx);
  }

  @Override
  public void checkEndpoint(RoutingContext ctx, boolean endpointRequires, List<String> equivalentPaths) {
    boolean required = endpointRequires || equivalentPaths.stream().anyMatch(this::pathRequires);
    if (!required || ctx.user() != null) {
      ctx.next();
      return;
    }
    if (authentication == null) {
      GatewayErrors.send(ctx, 401, "this endpoint needs a credential and the gateway has none configured");
      return;
    }
    authentication.handle(ctx);
  }

  private boolean pathRequires(String path) {
    for (Pattern pattern : paths) {
      if (pattern.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean required(RoutingContext ctx) {
    if (requiredEverywhere || routeRequires.test(ctx)) {
      return true;
    }
    if (!paths.isEmpty()) {
      String path = ctx.normalizedPath();
      for (Pattern pattern : paths) {
        if (pattern.matcher(path).find()) {
          return true;
        }
      }
    }
    return false;
  }
}
