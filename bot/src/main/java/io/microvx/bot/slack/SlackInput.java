package io.microvx.bot.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.socket_mode.response.AckResponse;
import io.microvx.bot.ChatMessage;
import io.microvx.bot.Conversation;
import io.microvx.bot.Input;
import io.microvx.bot.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack with its official SDK: events come over Socket Mode (the SDK opens the WebSocket that
 * {@code apps.connections.open} hands out, and reconnects), each acknowledged at once; answers go out
 * with {@code chat.postMessage}. In a channel the bot answers when mentioned ({@code app_mention}), in the
 * message's thread; in a direct message every message is a command. Tables and JSON go as code blocks.
 * The SDK blocks: its calls run on workers, and events hop from its threads onto the bot's context.
 */
final class SlackInput implements Input {

  private static final Logger log = LoggerFactory.getLogger(SlackInput.class);

  private final Vertx vertx;
  private final SlackOptions options;
  private Slack slack;
  private MethodsClient methods;
  private SocketModeClient socket;
  private String botUserId = "";
  private Context context;

  SlackInput(Vertx vertx, SlackOptions options) {
    if (options.getAppToken() == null || options.getBotToken() == null) {
      throw new IllegalArgumentException("the slack input needs slack_app_token (xapp-…, Socket Mode) and slack_bot_token (xoxb-…)"
        + " (MICRO_SLACK_APP_TOKEN, MICRO_SLACK_BOT_TOKEN)");
    }
    this.vertx = vertx;
    this.options = new SlackOptions(options);
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public Future<Void> start(Conversation conversation) {
    context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      SlackConfig config = new SlackConfig();
      config.setMethodsEndpointUrlPrefix(options.getApi());
      // no per-team call statistics: they add threads and log a stack trace of their own for every failed call
      config.setStatsEnabled(false);
      slack = Slack.getInstance(config);
      methods = slack.methods(options.getBotToken());
      AuthTestResponse auth;
      try {
        auth = methods.authTest(r -> r);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Slack's Web API at " + options.getApi() + " cannot be reached (" + e.getMessage() + ")", e);
      }
      if (!auth.isOk()) {
        throw new IllegalStateException("Slack refused slack_bot_token (" + auth.getError() + ")");
      }
      botUserId = auth.getUserId();
      try {
        socket = slack.socketMode(options.getAppToken());
      } catch (Exception e) {
        throw new IllegalStateException("Slack did not open a Socket Mode connection for slack_app_token (" + e.getMessage() + ")", e);
      }
      socket.addEventsApiEnvelopeListener(envelope -> {
        // acknowledged at once, as Slack wants within 3 s; the answer follows as a message
        socket.sendSocketModeResponse(AckResponse.builder().envelopeId(envelope.getEnvelopeId()).build());
        context.runOnContext(v -> event(conversation, envelope));
      });
      socket.connect();
      return null;
    }, false).onSuccess(v -> log.info("bot slack: connected as {}", botUserId)).mapEmpty();
  }

  private void event(Conversation conversation, EventsApiEnvelope envelope) {
    JsonElement payload = envelope.getPayload();
    if (payload == null || !payload.isJsonObject() || !payload.getAsJsonObject().has("event")) {
      return;
    }
    JsonObject event = payload.getAsJsonObject().getAsJsonObject("event");
    String type = string(event, "type");
    boolean direct = "message".equals(type) && "im".equals(string(event, "channel_type"));
    // other bots' messages and edits are not commands; channel messages come as app_mention too
    if (!"app_mention".equals(type) && !direct || event.has("bot_id") || event.has("subtype")) {
      return;
    }
    String user = string(event, "user");
    if (user == null || user.equals(botUserId)) {
      return;
    }
    String text = string(event, "text");
    text = text == null ? "" : text.replace("<@" + botUserId + ">", " ").strip();
    String channel = string(event, "channel");
    String thread = string(event, "thread_ts") != null ? string(event, "thread_ts") : direct ? null : string(event, "ts");
    conversation.answer(new ChatMessage(name(), user, user, channel, text))
      .compose(reply -> post(channel, thread, reply))
      .onFailure(failure -> log.warn("bot slack: the answer in {} could not be sent: {}", channel, failure.getMessage()));
  }

  private Future<Void> post(String channel, String thread, Reply reply) {
    String text = reply.text().isEmpty() ? "(empty)" : reply.markdown();
    return vertx.executeBlocking(() -> {
      ChatPostMessageResponse response = methods.chatPostMessage(r -> r.channel(channel).threadTs(thread).text(text));
      if (!response.isOk()) {
        throw new IllegalStateException("chat.postMessage: " + response.getError());
      }
      return null;
    }, false);
  }

  private static String string(JsonObject json, String key) {
    JsonElement value = json.get(key);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  @Override
  public Future<Void> stop() {
    SocketModeClient open = socket;
    if (open == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      open.setAutoReconnectEnabled(false);
      open.close();
      return null;
    }, false).mapEmpty();
  }
}
