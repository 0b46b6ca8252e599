package io.microvx.bot.slack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of Slack on loopback, for the calls the input makes, as Slack documents them: Web API methods
 * under {@code /api/} take a bearer token and answer HTTP 200 with {@code {"ok":false,"error":…}} when
 * something is wrong ({@code not_authed}, {@code invalid_auth}, {@code not_allowed_token_type} for a bot
 * token where an app token is needed, {@code channel_not_found}, {@code no_text}); {@code auth.test}
 * names the bot user; {@code apps.connections.open} hands out a WebSocket URL; the Socket Mode socket
 * greets with {@code hello}, sends envelopes ({@code events_api}) and collects the acknowledgements
 * ({@code {"envelope_id":…}}); {@code chat.postMessage} records what was posted.
 */
final class FakeSlack {

  static final String APP_TOKEN = "xapp-1-A1-fake";
  static final String BOT_TOKEN = "xoxb-fake";
  static final String BOT_USER = "UBOT";

  private final Vertx vertx;
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> acks = new CopyOnWriteArrayList<>();
  private final List<JsonObject> posted = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int envelopes;
  private volatile int connections;

  FakeSlack(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Integer> start() {
    server = vertx.createHttpServer().webSocketHandler(this::socket).requestHandler(request -> {
      request.setExpectMultipart(true);
      request.end().onSuccess(v -> method(request));
    });
    return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  String api() {
    return "http://127.0.0.1:" + server.actualPort() + "/api/";
  }

  List<JsonObject> posted() {
    return posted;
  }

  List<String> acks() {
    return acks;
  }

  boolean connected() {
    return !sockets.isEmpty();
  }

  /** How many Socket Mode connections were opened so far. */
  int connections() {
    return connections;
  }

  /**
   * Closes the open sockets as Slack does when it refreshes a connection: a {@code disconnect} message
   * ({@code reason: refresh_requested}) first, then the close.
   */
  void drop() {
    vertx.runOnContext(v -> sockets.forEach(s -> s.writeTextMessage(new JsonObject().put("type", "disconnect")
      .put("reason", "refresh_requested").put("debug_info", new JsonObject().put("host", "fake-slack")).encode())
      .onComplete(x -> s.close())));
  }

  private void socket(ServerWebSocket socket) {
    if (!socket.path().equals("/link/")) {
      socket.close((short) 1008, "unknown path");
      return;
    }
    sockets.add(socket);
    connections++;
    socket.closeHandler(v -> sockets.remove(socket));
    socket.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      if (message.containsKey("envelope_id")) {
        acks.add(message.getString("envelope_id"));
      }
    });
    socket.writeTextMessage(new JsonObject().put("type", "hello").put("num_connections", 1)
      .put("debug_info", new JsonObject().put("host", "fake-slack").put("approximate_connection_time", 18060))
      .put("connection_info", new JsonObject().put("app_id", "A1")).encode());
  }

  /** Sends an Events API envelope with the event on the open socket; returns its envelope id. */
  String send(JsonObject event) {
    String id = "env-" + (++envelopes);
    JsonObject payload = new JsonObject().put("token", "verification").put("team_id", "T1").put("api_app_id", "A1")
      .put("type", "event_callback").put("event_id", "Ev" + envelopes).put("event_time", System.currentTimeMillis() / 1000)
      .put("event", event);
    JsonObject envelope = new JsonObject().put("envelope_id", id).put("type", "events_api").put("payload", payload)
      .put("accepts_response_payload", false).put("retry_attempt", 0).put("retry_reason", "");
    vertx.runOnContext(v -> sockets.forEach(s -> s.writeTextMessage(envelope.encode())));
    return id;
  }

  private void method(HttpServerRequest request) {
    String name = request.path().startsWith("/api/") ? request.path().substring(5) : "";
    String authorization = request.getHeader("Authorization");
    String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7)
      : request.formAttributes().get("token");
    Map<String, String> params = new java.util.HashMap<>();
    request.formAttributes().forEach(e -> params.put(e.getKey(), e.getValue()));
    request.params().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    if (token == null) {
      answer(request, error("not_authed"));
      return;
    }
    switch (name) {
      case "auth.test" -> answer(request, !token.equals(BOT_TOKEN) ? error("invalid_auth")
        : ok().put("url", "https://fake.slack.com/").put("team", "Fake").put("user", "micro").put("team_id", "T1")
          .put("user_id", BOT_USER).put("bot_id", "B1"));
      case "apps.connections.open" -> answer(request, token.startsWith("xoxb-") ? error("not_allowed_token_type")
        : !token.equals(APP_TOKEN) ? error("invalid_auth")
        : ok().put("url", "ws://127.0.0.1:" + server.actualPort() + "/link/?ticket=fake-ticket&app_id=A1"));
      case "chat.postMessage" -> {
        if (!token.equals(BOT_TOKEN)) {
          answer(request, error(token.startsWith("xapp-") ? "not_allowed_token_type" : "invalid_auth"));
        } else if (params.get("channel") == null || !params.get("channel").matches("[CDG][A-Z0-9]+")) {
          answer(request, error("channel_not_found"));
        } else if ((params.get("text") == null || params.get("text").isEmpty()) && params.get("blocks") == null) {
          answer(request, error("no_text"));
        } else {
          JsonObject message = new JsonObject();
          params.forEach(message::put);
          posted.add(message);
          answer(request, ok().put("channel", params.get("channel")).put("ts", System.currentTimeMillis() / 1000.0 + "")
            .put("message", new JsonObject().put("text", params.get("text")).put("user", BOT_USER).put("type", "message")));
        }
      }
      default -> answer(request, error("unknown_method"));
    }
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static JsonObject error(String error) {
    return new JsonObject().put("ok", false).put("error", error);
  }

  private static void answer(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  Future<Void> close() {
    return server.close();
  }
}
