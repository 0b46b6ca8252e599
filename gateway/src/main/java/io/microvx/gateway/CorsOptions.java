package io.microvx.gateway;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Cross-origin requests: off while no origin is allowed. Origins are full origins
 * ({@code https://app.example.com}) or {@code *}; preflight answers are cached by browsers for
 * {@code cors_max_age} seconds.
 */
public class CorsOptions {

  public static final List<String> DEFAULT_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  public static final List<String> DEFAULT_HEADERS = List.of("Content-Type", "Authorization", "X-Api-Key", "Timeout");
  public static final int DEFAULT_MAX_AGE = 600;

  private List<String> allowedOrigins = List.of();
  private List<String> allowedMethods = DEFAULT_METHODS;
  private List<String> allowedHeaders = DEFAULT_HEADERS;
  private boolean allowCredentials;
  private int maxAge = DEFAULT_MAX_AGE;

  public CorsOptions() {
  }

  public CorsOptions(CorsOptions other) {
    this(other.toJson());
  }

  public CorsOptions(JsonObject json) {
    setAllowedOrigins(OptionValues.list(json, "cors_allowed_origins", List.of()));
    setAllowedMethods(OptionValues.list(json, "cors_allowed_methods", DEFAULT_METHODS));
    setAllowedHeaders(OptionValues.list(json, "cors_allowed_headers", DEFAULT_HEADERS));
    setAllowCredentials(OptionValues.bool(json, "cors_allow_credentials", false));
    setMaxAge(OptionValues.integer(json, "cors_max_age", DEFAULT_MAX_AGE));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("cors_allowed_origins", OptionValues.array(allowedOrigins))
      .put("cors_allowed_methods", OptionValues.array(allowedMethods))
      .put("cors_allowed_headers", OptionValues.array(allowedHeaders))
      .put("cors_allow_credentials", allowCredentials)
      .put("cors_max_age", maxAge);
  }

  /** Whether CORS is on: some origin is allowed. */
  public boolean isEnabled() {
    return !allowedOrigins.isEmpty();
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public CorsOptions setAllowedOrigins(List<String> allowedOrigins) {
    for (String origin : allowedOrigins) {
      if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException("cors_allowed_origins: \"" + origin + "\" is not an origin like https://host[:port] or *");
      }
    }
    checkCredentials(allowedOrigins, allowCredentials);
    this.allowedOrigins = List.copyOf(allowedOrigins);
    return this;
  }

  public List<String> getAllowedMethods() {
    return allowedMethods;
  }

  public CorsOptions setAllowedMethods(List<String> allowedMethods) {
    for (String method : allowedMethods) {
      if (!method.matches("[A-Za-z]+")) {
        throw new IllegalArgumentException("cors_allowed_methods: \"" + method + "\" is not an HTTP method");
      }
    }
    this.allowedMethods = List.copyOf(allowedMethods);
    return this;
  }

  public List<String> getAllowedHeaders() {
    return allowedHeaders;
  }

  public CorsOptions setAllowedHeaders(List<String> allowedHeaders) {
    this.allowedHeaders = List.copyOf(Objects.requireNonNull(allowedHeaders, "cors_allowed_headers"));
    return this;
  }

  public boolean isAllowCredentials() {
    return allowCredentials;
  }

  /** Lets pages of the allowed origins send cookies and credentials; not with the origin {@code *}. */
  public CorsOptions setAllowCredentials(boolean allowCredentials) {
    checkCredentials(allowedOrigins, allowCredentials);
    this.allowCredentials = allowCredentials;
    return this;
  }

  /** Every site's pages calling with the user's credentials: never what is meant. */
  private static void checkCredentials(List<String> origins, boolean credentials) {
    if (credentials && origins.contains("*")) {
      throw new IllegalArgumentException("cors_allowed_origins=* with cors_allow_credentials=true would let every site"
        + " call with its visitors' credentials: list the origins allowed to send credentials");
    }
  }

  public int getMaxAge() {
    return maxAge;
  }

  public CorsOptions setMaxAge(int maxAge) {
    if (maxAge < 0) {
      throw new IllegalArgumentException("cors_max_age must not be negative: " + maxAge);
    }
    this.maxAge = maxAge;
    return this;
  }
}
