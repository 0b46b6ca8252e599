package io.microvx.bot.telegram;

import io.microvx.bot.ChatMessage;
import io.microvx.bot.Conversation;
import io.microvx.bot.Input;
import io.microvx.bot.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Telegram bot over the Bot API: {@code getMe} once to check the token and learn the bot's name, then
 * {@code getUpdates} long polls, each with the offset past the last update seen (so each message is
 * answered once), and {@code sendMessage} in reply. In a private chat every message is a command; in a
 * group only a {@code /command} (for this bot, {@code /ping@name}) or a message that mentions
 * {@code @name}. Tables and JSON go as HTML {@code <pre>} blocks.
 */
final class TelegramInput implements Input {

  private static final Logger log = LoggerFactory.getLogger(TelegramInput.class);
  /** Telegram's limit on a message's text. */
  private static final int MAX_TEXT = 4096;

  private final Vertx vertx;
  private final TelegramOptions options;
  private final WebClient web;
  private Conversation conversation;
  private String username = "";
  private long offset;
  private long failures;
  private volatile boolean running;

  TelegramInput(Vertx vertx, TelegramOptions options) {
    if (options.getToken() == null) {
      throw new IllegalArgumentException("the telegram input needs telegram_token (MICRO_TELEGRAM_TOKEN): the token BotFather gave");
    }
    this.vertx = vertx;
    this.options = new TelegramOptions(options);
    // made here, on the worker that makes inputs: the web client's first use reads its version from the jar
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000));
  }

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public Future<Void> start(Conversation conversation) {
    this.conversation = conversation;
    return method("getMe", new JsonObject(), 15_000).compose(me -> {
      username = me instanceof JsonObject json ? json.getString("username", "") : "";
      running = true;
      log.info("bot telegram: signed in as @{}", username);
      poll();
      return Future.<Void>succeededFuture();
    });
  }

  /** The bot's username, once started. */
  String username() {
    return username;
  }

  private void poll() {
    if (!running) {
      return;
    }
    long seconds = options.getPollTimeout().toSeconds();
    JsonObject request = new JsonObject().put("offset", offset).put("timeout", seconds)
      .put("allowed_updates", new JsonArray().add("message"));
    method("getUpdates", request, (seconds + 15) * 1000).onComplete(result -> {
      if (!running) {
        return;
      }
      if (result.failed()) {
        long delay = Math.min(30_000, 1000L << Math.min(5, failures++));
        log.warn("bot telegram: getUpdates failed ({}); again in {} s", result.cause().getMessage(), delay / 1000);
        vertx.setTimer(delay, id -> poll());
        return;
      }
      failures = 0;
      JsonArray updates = result.result() instanceof JsonArray array ? array : new JsonArray();
      for (Object item : updates) {
        JsonObject update = (JsonObject) item;
        offset = Math.max(offset, update.getLong("update_id", 0L) + 1);
        JsonObject message = update.getJsonObject("message");
        if (message != null && message.getString("text") != null) {
          handle(message);
        }
      }
      poll();
    });
  }

  private void handle(JsonObject message) {
    JsonObject chat = message.getJsonObject("chat", new JsonObject());
    JsonObject from = message.getJsonObject("from", new JsonObject());
    String text = addressed(message.getString("text"), "private".equals(chat.getString("type")));
    if (text == null) {
      return;
    }
    Object chatId = chat.getValue("id");
    ChatMessage said = new ChatMessage(name(), String.valueOf(from.getValue("id")), from.getString("username"),
      String.valueOf(chatId), text);
    conversation.answer(said).compose(reply -> send(chatId, message.getValue("message_id"), reply))
      .onFailure(failure -> log.warn("bot telegram: the answer could not be sent to chat {}: {}", chatId, failure.getMessage()));
  }

  /** The command in the text, or null when the message is not for this bot. */
  String addressed(String text, boolean privateChat) {
    String value = text.strip();
    String mention = "@" + username;
    if (value.startsWith("/")) {
      int end = value.indexOf(' ');
      String command = end < 0 ? value.substring(1) : value.substring(1, end);
      int at = command.indexOf('@');
      if (at >= 0) {
        if (!command.substring(at).equalsIgnoreCase(mention)) {
          return null;
        }
        command = command.substring(0, at);
      }
      // Telegram opens a chat with /start
      command = command.equals("start") ? "help" : command;
      return command + (end < 0 ? "" : value.substring(end));
    }
    if (!username.isEmpty() && value.regionMatches(true, 0, mention, 0, mention.length())) {
      return value.substring(mention.length()).replaceFirst("^[\\s,:]+", "");
    }
    return privateChat ? value : null;
  }

  private Future<Object> send(Object chatId, Object replyTo, Reply reply) {
    String text = reply.text().isEmpty() ? "(empty)" : reply.text();
    JsonObject request = new JsonObject().put("chat_id", chatId);
    if (reply.preformatted()) {
      String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      request.put("text", cut("<pre>" + escaped, MAX_TEXT - 6) + "</pre>").put("parse_mode", "HTML");
    } else {
      request.put("text", cut(text, MAX_TEXT));
    }
    if (replyTo != null) {
      request.put("reply_parameters", new JsonObject().put("message_id", replyTo).put("allow_sending_without_reply", true));
    }
    return method("sendMessage", request, 15_000);
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    // never split an HTML entity
    int amp = text.lastIndexOf('&', end);
    if (amp > end - 6) {
      end = amp;
    }
    return text.substring(0, end) + "…";
  }

  /** Calls a Bot API method; the result, or a failure naming Telegram's description (a 401 says the token is wrong). */
  private Future<Object> method(String method, JsonObject request, long timeoutMillis) {
    String uri = options.getApi() + "/bot" + options.getToken() + "/" + method;
    return web.postAbs(uri).timeout(timeoutMillis).sendJsonObject(request).compose(this::result);
  }

  private Future<Object> result(HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body != null && body.getBoolean("ok", false)) {
      return Future.succeededFuture(body.getValue("result"));
    }
    String description = body == null ? response.statusMessage() : body.getString("description", response.statusMessage());
    if (response.statusCode() == 401) {
      return Future.failedFuture(new IllegalStateException("Telegram refused telegram_token (401 " + description + ")"));
    }
    return Future.failedFuture(new IllegalStateException("Telegram answered " + response.statusCode() + ": " + description));
  }

  @Override
  public Future<Void> stop() {
    running = false;
    web.close();
    return Future.succeededFuture();
  }
}
