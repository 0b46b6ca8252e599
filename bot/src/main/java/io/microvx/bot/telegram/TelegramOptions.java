package io.microvx.bot.telegram;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;

/**
 * Options of the Telegram input: the bot's token from BotFather ({@code telegram_token}, required), the Bot
 * API's base URL ({@code telegram_api}, default {@code https://api.telegram.org}; a test points it at a
 * fake) and how long one {@code getUpdates} long poll waits for a message ({@code telegram_poll_timeout},
 * 25 s).
 */
public class TelegramOptions {

  public static final String DEFAULT_API = "https://api.telegram.org";
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(25);

  private String token;
  private String api = DEFAULT_API;
  private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

  public TelegramOptions() {
  }

  public TelegramOptions(TelegramOptions other) {
    this.token = other.token;
    this.api = other.api;
    this.pollTimeout = other.pollTimeout;
  }

  public TelegramOptions(JsonObject json) {
    Object token = json.getValue("telegram_token");
    setToken(token == null ? null : String.valueOf(token));
    Object api = json.getValue("telegram_api");
    setApi(api == null ? null : String.valueOf(api));
    if (json.getValue("telegram_poll_timeout") != null) {
      setPollTimeout(Durations.parse(json.getValue("telegram_poll_timeout")));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("telegram_api", api).put("telegram_poll_timeout", Durations.format(pollTimeout));
    if (token != null) {
      json.put("telegram_token", token);
    }
    return json;
  }

  public String getToken() {
    return token;
  }

  public TelegramOptions setToken(String token) {
    this.token = token == null || token.isBlank() ? null : token.trim();
    return this;
  }

  public String getApi() {
    return api;
  }

  public TelegramOptions setApi(String api) {
    String value = api == null || api.isBlank() ? DEFAULT_API : api.trim().replaceAll("/+$", "");
    URI uri = URI.create(value);
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
      throw new IllegalArgumentException("telegram_api must be an http(s) URL, not " + api);
    }
    this.api = value;
    return this;
  }

  public Duration getPollTimeout() {
    return pollTimeout;
  }

  /** Whole seconds, 0 to 50 (Telegram's long poll counts seconds; 0 is a short poll). */
  public TelegramOptions setPollTimeout(Duration pollTimeout) {
    if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.toSeconds() > 50) {
      throw new IllegalArgumentException("telegram_poll_timeout must be between 0 and 50 s");
    }
    this.pollTimeout = pollTimeout;
    return this;
  }
}
