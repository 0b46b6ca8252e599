package io.microvx.bot;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An input for tests, found by name ({@code test}) like the real ones: a test says something as a user and
 * gets the bot's reply, handed over on the bot's context as a real input does.
 */
public final class TestInput implements Input {

  /** The started inputs, by their {@code test_id} option. */
  static final Map<String, TestInput> STARTED = new ConcurrentHashMap<>();

  public static final class Provider implements InputProvider {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public Input create(Vertx vertx, JsonObject config) {
      return new TestInput(config.getString("test_id", "default"));
    }
  }

  private final String id;
  private Context context;
  private Conversation conversation;

  TestInput(String id) {
    this.id = id;
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public Future<Void> start(Conversation conversation) {
    this.context = Vertx.currentContext();
    this.conversation = conversation;
    STARTED.put(id, this);
    return Future.succeededFuture();
  }

  /** The bot's reply to {@code text} said by {@code user}. */
  Future<Reply> say(String user, String text) {
    return sayIn("room", user, text);
  }

  /** The bot's reply to {@code text} said by {@code user} in {@code room}. */
  Future<Reply> sayIn(String room, String user, String text) {
    Promise<Reply> promise = Promise.promise();
    context.runOnContext(v -> conversation.answer(new ChatMessage("test", user, user, room, text)).onComplete(promise));
    return promise.future();
  }

  @Override
  public Future<Void> stop() {
    STARTED.remove(id, this);
    return Future.succeededFuture();
  }
}
