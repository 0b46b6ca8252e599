package io.microvx.gateway;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Who may call: JWTs (HS256 with {@code auth_jwt_secret}, RS256 with the PEM {@code auth_jwt_public_key};
 * expiry always checked, audience and issuer when set) and API keys ({@code auth_api_keys}, key to
 * identity, read from the {@code auth_api_key_header}). Required everywhere with {@code auth_required},
 * or only on paths matching {@code auth_paths} and endpoints whose registry metadata says {@code auth=true}.
 */
public class AuthOptions {

  public static final String DEFAULT_API_KEY_HEADER = "X-Api-Key";

  private boolean required;
  private List<String> paths = List.of();
  private String jwtSecret;
  private String jwtPublicKey;
  private List<String> jwtAudience = List.of();
  private String jwtIssuer;
  private int jwtLeeway;
  private Map<String, String> apiKeys = Map.of();
  private String apiKeyHeader = DEFAULT_API_KEY_HEADER;

  public AuthOptions() {
  }

  public AuthOptions(AuthOptions other) {
    this(other.toJson());
  }

  public AuthOptions(JsonObject json) {
    setRequired(OptionValues.bool(json, "auth_required", false));
    setPaths(OptionValues.list(json, "auth_paths", List.of()));
    setJwtSecret(OptionValues.string(json, "auth_jwt_secret", null));
    setJwtPublicKey(OptionValues.string(json, "auth_jwt_public_key", null));
    setJwtAudience(OptionValues.list(json, "auth_jwt_audience", List.of()));
    setJwtIssuer(OptionValues.string(json, "auth_jwt_issuer", null));
    setJwtLeeway(OptionValues.integer(json, "auth_jwt_leeway", 0));
    setApiKeys(OptionValues.map(json, "auth_api_keys", Map.of()));
    setApiKeyHeader(OptionValues.string(json, "auth_api_key_header", DEFAULT_API_KEY_HEADER));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("auth_required", required)
      .put("auth_paths", OptionValues.array(paths))
      .put("auth_jwt_audience", OptionValues.array(jwtAudience))
      .put("auth_jwt_leeway", jwtLeeway)
      .put("auth_api_keys", OptionValues.object(apiKeys))
      .put("auth_api_key_header", apiKeyHeader);
    if (jwtSecret != null) {
      json.put("auth_jwt_secret", jwtSecret);
    }
    if (jwtPublicKey != null) {
      json.put("auth_jwt_public_key", jwtPublicKey);
    }
    if (jwtIssuer != null) {
      json.put("auth_jwt_issuer", jwtIssuer);
    }
    return json;
  }

  /** Whether any credential is configured. */
  public boolean hasCredentials() {
    return jwtSecret != null || jwtPublicKey != null || !apiKeys.isEmpty();
  }

  public boolean isRequired() {
    return required;
  }

  /** Requires a credential on every route but {@code /health} and {@code /metrics}. */
  public AuthOptions setRequired(boolean required) {
    this.required = required;
    return this;
  }

  public List<String> getPaths() {
    return paths;
  }

  /** Regular expressions; a request whose path matches one needs a credential. */
  public AuthOptions setPaths(List<String> paths) {
    for (String path : paths) {
      try {
        Pattern.compile(path);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("auth_paths: invalid pattern \"" + path + "\": " + e.getDescription(), e);
      }
    }
    this.paths = List.copyOf(paths);
    return this;
  }

  public String getJwtSecret() {
    return jwtSecret;
  }

  /** The HS256 secret. */
  public AuthOptions setJwtSecret(String jwtSecret) {
    this.jwtSecret = jwtSecret == null || jwtSecret.isEmpty() ? null : jwtSecret;
    return this;
  }

  public String getJwtPublicKey() {
    return jwtPublicKey;
  }

  /** The RS256 public key, PEM ({@code -----BEGIN PUBLIC KEY-----…}) or its bare base64 body. */
  public AuthOptions setJwtPublicKey(String jwtPublicKey) {
    this.jwtPublicKey = jwtPublicKey == null || jwtPublicKey.isBlank() ? null : jwtPublicKey;
    return this;
  }

  public List<String> getJwtAudience() {
    return jwtAudience;
  }

  public AuthOptions setJwtAudience(List<String> jwtAudience) {
    this.jwtAudience = List.copyOf(Objects.requireNonNull(jwtAudience, "auth_jwt_audience"));
    return this;
  }

  public String getJwtIssuer() {
    return jwtIssuer;
  }

  public AuthOptions setJwtIssuer(String jwtIssuer) {
    this.jwtIssuer = jwtIssuer == null || jwtIssuer.isEmpty() ? null : jwtIssuer;
    return this;
  }

  public int getJwtLeeway() {
    return jwtLeeway;
  }

  /** Seconds of clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
  public AuthOptions setJwtLeeway(int jwtLeeway) {
    if (jwtLeeway < 0) {
      throw new IllegalArgumentException("auth_jwt_leeway must not be negative: " + jwtLeeway);
    }
    this.jwtLeeway = jwtLeeway;
    return this;
  }

  public Map<String, String> getApiKeys() {
    return apiKeys;
  }

  /** API keys, each mapped to the identity passed on to services. */
  public AuthOptions setApiKeys(Map<String, String> apiKeys) {
    this.apiKeys = Map.copyOf(Objects.requireNonNull(apiKeys, "auth_api_keys"));
    return this;
  }

  public String getApiKeyHeader() {
    return apiKeyHeader;
  }

  public AuthOptions setApiKeyHeader(String apiKeyHeader) {
    if (apiKeyHeader == null || !apiKeyHeader.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("auth_api_key_header must be a header name: " + apiKeyHeader);
    }
    this.apiKeyHeader = apiKeyHeader;
    return this;
  }
}
