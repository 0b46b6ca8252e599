package io.microvx.bot.webhook;

import io.microvx.security.ListenAddress;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the webhook input: where it listens ({@code webhook_address}, default {@code 127.0.0.1:8083}),
 * on which path ({@code webhook_path}, {@code /bot}), the tokens a request must carry
 * ({@code webhook_token}, required, comma-separated: an outgoing webhook and a slash command each have
 * their own), and, when answers should go to an incoming webhook instead of the HTTP response,
 * its URL ({@code webhook_url}).
 */
public class WebhookOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8083";
  public static final String DEFAULT_PATH = "/bot";

  private String address = DEFAULT_ADDRESS;
  private String path = DEFAULT_PATH;
  private List<String> tokens = new ArrayList<>();
  private String url;

  public WebhookOptions() {
  }

  public WebhookOptions(WebhookOptions other) {
    this.address = other.address;
    this.path = other.path;
    this.tokens = new ArrayList<>(other.tokens);
    this.url = other.url;
  }

  public WebhookOptions(JsonObject json) {
    setAddress(string(json, "webhook_address"));
    setPath(string(json, "webhook_path"));
    String token = string(json, "webhook_token");
    setTokens(token == null ? List.of() : List.of(token.split(",")));
    setUrl(string(json, "webhook_url"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("webhook_address", address).put("webhook_path", path)
      .put("webhook_token", String.join(",", tokens));
    if (url != null) {
      json.put("webhook_url", url);
    }
    return json;
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port}; port 0 lets the system choose. */
  public WebhookOptions setAddress(String address) {
    String value = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
    ListenAddress.parse("webhook_address", value);
    this.address = value;
    return this;
  }

  String host() {
    return ListenAddress.parse("webhook_address", address).host();
  }

  int port() {
    return ListenAddress.parse("webhook_address", address).port();
  }

  public String getPath() {
    return path;
  }

  public WebhookOptions setPath(String path) {
    String value = path == null || path.isBlank() ? DEFAULT_PATH : path.trim();
    this.path = value.startsWith("/") ? value : "/" + value;
    return this;
  }

  public List<String> getTokens() {
    return List.copyOf(tokens);
  }

  public WebhookOptions setTokens(List<String> tokens) {
    this.tokens = new ArrayList<>();
    for (String token : tokens) {
      if (!token.isBlank()) {
        this.tokens.add(token.trim());
      }
    }
    return this;
  }

  public String getUrl() {
    return url;
  }

  /** An incoming-webhook URL to post answers to; null answers in the HTTP response. */
  public WebhookOptions setUrl(String url) {
    if (url == null || url.isBlank()) {
      this.url = null;
      return this;
    }
    URI uri = URI.create(url.trim());
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
      throw new IllegalArgumentException("webhook_url must be an http(s) URL, not " + url);
    }
    this.url = url.trim();
    return this;
  }
}
