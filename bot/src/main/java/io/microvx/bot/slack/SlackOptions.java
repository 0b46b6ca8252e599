package io.microvx.bot.slack;

import io.vertx.core.json.JsonObject;

/**
 * Options of the Slack input: the app-level token Socket Mode connects with ({@code slack_app_token},
 * {@code xapp-…}, scope {@code connections:write}), the bot token the Web API answers with
 * ({@code slack_bot_token}, {@code xoxb-…}), both required, and the Web API's base URL
 * ({@code slack_api}, default {@code https://slack.com/api/}; a test points it at a fake).
 */
public class SlackOptions {

  public static final String DEFAULT_API = "https://slack.com/api/";

  private String appToken;
  private String botToken;
  private String api = DEFAULT_API;

  public SlackOptions() {
  }

  public SlackOptions(SlackOptions other) {
    this.appToken = other.appToken;
    this.botToken = other.botToken;
    this.api = other.api;
  }

  public SlackOptions(JsonObject json) {
    setAppToken(string(json, "slack_app_token"));
    setBotToken(string(json, "slack_bot_token"));
    setApi(string(json, "slack_api"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("slack_api", api);
    if (appToken != null) {
      json.put("slack_app_token", appToken);
    }
    if (botToken != null) {
      json.put("slack_bot_token", botToken);
    }
    return json;
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
  }

  public String getAppToken() {
    return appToken;
  }

  public SlackOptions setAppToken(String appToken) {
    this.appToken = appToken;
    return this;
  }

  public String getBotToken() {
    return botToken;
  }

  public SlackOptions setBotToken(String botToken) {
    this.botToken = botToken;
    return this;
  }

  public String getApi() {
    return api;
  }

  public SlackOptions setApi(String api) {
    String value = api == null ? DEFAULT_API : api;
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw new IllegalArgumentException("slack_api must be an http(s) URL, not " + api);
    }
    this.api = value.endsWith("/") ? value : value + "/";
    return this;
  }
}
