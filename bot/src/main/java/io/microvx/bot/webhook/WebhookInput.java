package io.microvx.bot.webhook;

import io.microvx.bot.ChatMessage;
import io.microvx.bot.Conversation;
import io.microvx.bot.Input;
import io.microvx.bot.Reply;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP input for Mattermost and Rocket.Chat outgoing webhooks and slash commands: a POST (form or
 * JSON) carrying {@code token}, {@code user_id}, {@code user_name}, {@code channel_id}/{@code channel_name}
 * and {@code text} (and {@code trigger_word}, which is taken off the text, or {@code command} for a slash
 * command). The token is compared in constant time; a wrong or missing one gets a 401. The answer is the
 * response's {@code {"text": …}} or, with {@code webhook_url}, a post to that incoming webhook.
 */
final class WebhookInput implements Input {

  private static final Logger log = LoggerFactory.getLogger(WebhookInput.class);
  private static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final WebhookOptions options;
  private final List<byte[]> tokens;
  private HttpServer server;
  private final WebClient web;

  WebhookInput(Vertx vertx, WebhookOptions options) {
    if (options.getTokens().isEmpty()) {
      throw new IllegalArgumentException("the webhook input needs webhook_token (MICRO_WEBHOOK_TOKEN): the token your chat"
        + " sends with each request");
    }
    this.vertx = vertx;
    this.options = new WebhookOptions(options);
    this.tokens = options.getTokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    // made here, on the worker that makes inputs: the web client's first use reads its version from the jar
    this.web = options.getUrl() == null ? null : WebClient.create(vertx);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Future<Void> start(Conversation conversation) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port())
      .setMaxFormAttributeSize(MAX_BODY));
    server.requestHandler(request -> handle(request, conversation));
    return server.listen().onSuccess(s -> log.info("bot webhook listening on {}:{}{}", options.host(), s.actualPort(),
      options.getPath())).mapEmpty();
  }

  /** The port it listens on, once started. */
  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request, Conversation conversation) {
    if (!request.path().equals(options.getPath())) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (request.method() != HttpMethod.POST) {
      request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST").end();
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY) {
        request.response().setStatusCode(413).end();
        request.connection().close();
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (request.response().ended()) {
        return;
      }
      Map<String, String> fields;
      try {
        fields = fields(request, body);
      } catch (DecodeException | ClassCastException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      if (!tokenMatches(request, fields.get("token"))) {
        log.warn("bot webhook: a request from {} carried a wrong or no token", request.remoteAddress());
        request.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("text", "unauthorized").encode());
        return;
      }
      ChatMessage message = new ChatMessage(name(), fields.get("user_id"), fields.get("user_name"),
        fields.getOrDefault("channel_id", fields.get("channel_name")), text(fields));
      conversation.answer(message).onComplete(result -> {
        Reply reply = result.succeeded() ? result.result() : Reply.text("the bot could not answer");
        respond(request, fields.containsKey("command"), reply);
      });
    });
  }

  private void respond(HttpServerRequest request, boolean slashCommand, Reply reply) {
    JsonObject answer = new JsonObject().put("text", reply.markdown());
    if (slashCommand) {
      answer.put("response_type", "in_channel");
    }
    if (web == null) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.encode());
      return;
    }
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{}");
    web.postAbs(options.getUrl()).sendJsonObject(answer).onComplete(sent -> {
      if (sent.failed()) {
        log.warn("bot webhook: the answer could not be posted to webhook_url: {}", sent.cause().getMessage());
      } else if (sent.result().statusCode() >= 300) {
        log.warn("bot webhook: webhook_url answered {} to the answer", sent.result().statusCode());
      }
    });
  }

  /** The text addressed to the bot: without the outgoing webhook's trigger word. */
  private static String text(Map<String, String> fields) {
    String text = fields.getOrDefault("text", "").strip();
    String trigger = fields.get("trigger_word");
    if (trigger != null && !trigger.isEmpty() && text.startsWith(trigger)) {
      text = text.substring(trigger.length()).strip();
    }
    return text;
  }

  private boolean tokenMatches(HttpServerRequest request, String bodyToken) {
    String token = bodyToken;
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (token == null && authorization != null && authorization.regionMatches(true, 0, "Token ", 0, 6)) {
      token = authorization.substring(6).trim();
    }
    if (token == null) {
      return false;
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] expected : tokens) {
      // every configured token is compared, each in constant time
      match |= MessageDigest.isEqual(expected, given);
    }
    return match;
  }

  /** The request's fields, from a form or a JSON object. */
  private static Map<String, String> fields(HttpServerRequest request, Buffer body) {
    String type = String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(java.util.Locale.ROOT);
    Map<String, String> fields = new java.util.HashMap<>();
    if (type.startsWith("application/json")) {
      JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      json.forEach(e -> {
        if (e.getValue() != null && !(e.getValue() instanceof JsonObject) && !(e.getValue() instanceof io.vertx.core.json.JsonArray)) {
          fields.put(e.getKey(), String.valueOf(e.getValue()));
        }
      });
    } else {
      new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false).parameters()
        .forEach((key, values) -> fields.put(key, values.get(0)));
    }
    return fields;
  }

  @Override
  public Future<Void> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.onComplete(v -> {
      if (web != null) {
        web.close();
      }
    });
  }
}
