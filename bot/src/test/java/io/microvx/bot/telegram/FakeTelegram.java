package io.microvx.bot.telegram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of Telegram's Bot API, on loopback, for the methods the input calls, behaving as the documented
 * API does: {@code /bot<token>/<method>} with a JSON or query body; a wrong token is a 401
 * {@code {"ok":false,"error_code":401,"description":"Unauthorized"}}; {@code getUpdates} drops the updates
 * below {@code offset} (they are confirmed), returns the rest at once, or waits up to {@code timeout}
 * seconds for one, and a second poll while one waits ends the first with a 409; {@code sendMessage} wants
 * a {@code chat_id} of a chat that exists and a text of 1 to 4096 characters (entities parsed), and answers
 * the sent message. Everything runs on the server's event loop.
 */
final class FakeTelegram {

  static final String TOKEN = "123456:ABC-fake-token";

  private final Vertx vertx;
  private final List<JsonObject> updates = new ArrayList<>();
  private final List<JsonObject> sent = new CopyOnWriteArrayList<>();
  private final List<Long> chats = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private HttpServerRequest waiting;
  private long waitTimer;
  private long nextUpdate = 1000;
  private long nextMessage = 1;
  volatile int polls;

  FakeTelegram(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Integer> start() {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> handle(request, body)));
    return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  String api() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** A user writes in a chat (on the fake's own context). */
  void userSays(long chatId, String chatType, long userId, String username, String text) {
    vertx.runOnContext(v -> {
      if (!chats.contains(chatId)) {
        chats.add(chatId);
      }
      JsonObject message = new JsonObject().put("message_id", nextMessage++)
        .put("from", new JsonObject().put("id", userId).put("is_bot", false).put("first_name", username).put("username", username))
        .put("chat", new JsonObject().put("id", chatId).put("type", chatType))
        .put("date", System.currentTimeMillis() / 1000).put("text", text);
      updates.add(new JsonObject().put("update_id", nextUpdate++).put("message", message));
      if (waiting != null) {
        vertx.cancelTimer(waitTimer);
        HttpServerRequest request = waiting;
        waiting = null;
        ok(request, new JsonArray(new ArrayList<>(updates)));
      }
    });
  }

  /** The messages the bot sent, as sendMessage received them. */
  List<JsonObject> sent() {
    return sent;
  }

  private void handle(HttpServerRequest request, Buffer body) {
    String path = request.path();
    String prefix = "/bot" + TOKEN + "/";
    if (!path.startsWith("/bot")) {
      error(request, 404, "Not Found");
      return;
    }
    if (!path.startsWith(prefix)) {
      error(request, 401, "Unauthorized");
      return;
    }
    JsonObject params = new JsonObject();
    request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
    if (body.length() > 0) {
      params.mergeIn(body.toJsonObject());
    }
    switch (path.substring(prefix.length())) {
      case "getMe" -> ok(request, new JsonObject().put("id", 123456).put("is_bot", true).put("first_name", "Micro")
        .put("username", "micro_test_bot"));
      case "getUpdates" -> getUpdates(request, params);
      case "sendMessage" -> sendMessage(request, params);
      default -> error(request, 404, "Not Found");
    }
  }

  private void getUpdates(HttpServerRequest request, JsonObject params) {
    polls++;
    long offset = Long.parseLong(String.valueOf(params.getValue("offset", 0)));
    long timeout = Long.parseLong(String.valueOf(params.getValue("timeout", 0)));
    // updates below the offset are confirmed: Telegram forgets them
    updates.removeIf(u -> u.getLong("update_id") < offset);
    if (waiting != null) {
      vertx.cancelTimer(waitTimer);
      error(waiting, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      waiting = null;
    }
    if (!updates.isEmpty() || timeout <= 0) {
      ok(request, new JsonArray(new ArrayList<>(updates)));
      return;
    }
    waiting = request;
    waitTimer = vertx.setTimer(timeout * 1000, id -> {
      if (waiting == request) {
        waiting = null;
        ok(request, new JsonArray());
      }
    });
  }

  private void sendMessage(HttpServerRequest request, JsonObject params) {
    Object chatId = params.getValue("chat_id");
    String text = params.getString("text", "");
    String parseMode = params.getString("parse_mode");
    if (chatId == null || String.valueOf(chatId).isEmpty()) {
      error(request, 400, "Bad Request: chat_id is empty");
    } else if (!chats.contains(Long.parseLong(String.valueOf(chatId)))) {
      error(request, 400, "Bad Request: chat not found");
    } else if (text.isBlank()) {
      error(request, 400, "Bad Request: message text is empty");
    } else if (parseMode != null && !List.of("HTML", "Markdown", "MarkdownV2").contains(parseMode)) {
      error(request, 400, "Bad Request: unsupported parse_mode");
    } else if ("HTML".equals(parseMode) && !parsesAsTelegramHtml(text)) {
      error(request, 400, "Bad Request: can't parse entities");
    } else if (visibleLength(text, parseMode) > 4096) {
      error(request, 400, "Bad Request: message is too long");
    } else {
      sent.add(params.copy());
      ok(request, new JsonObject().put("message_id", nextMessage++).put("chat", new JsonObject().put("id", chatId))
        .put("date", System.currentTimeMillis() / 1000).put("text", text));
    }
  }

  /** Only the tags Telegram knows, balanced, and no bare {@code <} or {@code &} outside an entity. */
  private static boolean parsesAsTelegramHtml(String text) {
    String withoutTags = text.replaceAll("</?(b|i|u|s|code|pre|a)( [^>]*)?>", "");
    long open = text.split("<pre>", -1).length - 1;
    long close = text.split("</pre>", -1).length - 1;
    return open == close && !withoutTags.contains("<") && !withoutTags.contains(">")
      && !withoutTags.replaceAll("&(amp|lt|gt|quot);", "").contains("&");
  }

  private static int visibleLength(String text, String parseMode) {
    if (!"HTML".equals(parseMode)) {
      return text.length();
    }
    return text.replaceAll("<[^>]+>", "").replaceAll("&(amp|lt|gt|quot);", "x").length();
  }

  private static void ok(HttpServerRequest request, Object result) {
    request.response().putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("ok", true).put("result", result).encode());
  }

  private static void error(HttpServerRequest request, int code, String description) {
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("ok", false).put("error_code", code).put("description", description).encode());
  }

  Future<Void> close() {
    return server.close();
  }
}
