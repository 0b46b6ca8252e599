package io.microvx.bot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Answers messages: splits the text on spaces (so {@code args[0]} is the command, as in micro), finds the
 * built-in or service command, checks who may run it and how often, runs it within the command timeout and
 * bounds the answer. Never fails: whatever goes wrong is answered in one line.
 */
final class Dispatcher implements Conversation {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Vertx vertx;
  private final BotOptions options;
  private final Builtins builtins;
  private final ServiceCommands services;
  private final LongSupplier nanos;
  private final Map<String, double[]> buckets = new HashMap<>();

  Dispatcher(Vertx vertx, BotOptions options, Builtins builtins, ServiceCommands services, LongSupplier nanos) {
    this.vertx = vertx;
    this.options = options;
    this.builtins = builtins;
    this.services = services;
    this.nanos = nanos;
  }

  @Override
  public Future<Reply> answer(ChatMessage message) {
    String text = message.text();
    if (text.isEmpty()) {
      return Future.succeededFuture(Reply.text("say help for the list of commands"));
    }
    List<String> args = new ArrayList<>(Arrays.asList(text.split("\\s+")));
    if (!withinRate(message)) {
      log.info("bot: {}:{} sent more than {} commands a minute; refused \"{}\"", message.input(), message.userId(),
        options.getRateLimit(), args.get(0));
      return Future.succeededFuture(Reply.text("slow down, please: at most " + options.getRateLimit() + " commands a minute"));
    }
    Builtins.Builtin builtin = builtins.find(args);
    if (builtin != null) {
      if (builtin.access() != Builtins.Access.READ && !allowed(message, builtin.access())) {
        log.warn("bot: refused {} to {}:{} ({}) in {}: not on bot_allow", builtin.name(), message.input(), message.userId(),
          message.userName(), message.room());
        return Future.succeededFuture(Reply.text("sorry, " + message.userName() + ": you may not run " + builtin.name()
          + " (only users on the bot's allow-list may)"));
      }
      if (builtin.name().equals("help")) {
        return Future.succeededFuture(help());
      }
      return run(builtin.name(), builtin.action().run(message, args, text));
    }
    ServiceCommands.Command command = services.find(args.get(0));
    if (command != null) {
      return run(command.name(), services.exec(command, args).map(result -> result.error() != null && !result.error().isEmpty()
        ? Reply.text("error: " + result.error()) : Reply.text(result.result())));
    }
    return Future.succeededFuture(Reply.text("unknown command \"" + Chat.shorten(args.get(0), 40) + "\": say help for the list"));
  }

  /** The command's answer within the timeout; its failure or lateness as one line. */
  private Future<Reply> run(String name, Future<Reply> answer) {
    Promise<Reply> promise = Promise.promise();
    long seconds = Math.max(1, options.getCommandTimeout().toSeconds());
    // a little beyond the call's own timeout, so a call's timeout error (which says more) wins when it comes
    long timer = vertx.setTimer(options.getCommandTimeout().toMillis() + 500,
      id -> promise.tryComplete(Reply.text(name + " did not answer within " + seconds + " s")));
    answer.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        promise.tryComplete(Chat.bound(result.result(), options.getMaxOutput()));
      } else {
        log.debug("bot: {} failed", name, result.cause());
        promise.tryComplete(Reply.text(name + ": " + Chat.oneLine(result.cause())));
      }
    });
    return promise.future();
  }

  private Reply help() {
    Map<String, String> lines = new TreeMap<>();
    builtins.all().values().forEach(b -> lines.put(b.usage(), b.usage() + " - " + b.description()));
    services.commands().values().forEach(c -> lines.putIfAbsent(c.usage(),
      c.usage() + (c.description().isEmpty() ? "" : " - " + c.description())));
    return Chat.bound(Reply.block(String.join("\n", lines.values())), options.getMaxOutput());
  }

  /** Registry changes need {@code bot_allow}; calls need it or {@code bot_allow_call}. */
  boolean allowed(ChatMessage message, Builtins.Access access) {
    return matches(options.getAllow(), message)
      || access == Builtins.Access.CALL && matches(options.getAllowCall(), message);
  }

  private static boolean matches(java.util.Set<String> entries, ChatMessage message) {
    String input = message.input() + ":";
    return entries.contains(input + "*") || entries.contains(input + message.userId())
      || entries.contains(input + message.userName()) || !message.room().isEmpty() && entries.contains(input + "#" + message.room());
  }

  /** A token bucket per user: {@code bot_rate_limit} at once, refilled over a minute (an input of one's own may call from any thread). */
  private synchronized boolean withinRate(ChatMessage message) {
    int limit = options.getRateLimit();
    if (limit == 0) {
      return true;
    }
    long now = nanos.getAsLong();
    double[] bucket = buckets.computeIfAbsent(message.input() + ":" + message.userId(), k -> new double[] {limit, now});
    double refill = (now - bucket[1]) / 60e9 * limit;
    bucket[0] = Math.min(limit, bucket[0] + refill);
    bucket[1] = now;
    if (bucket[0] < 1) {
      return false;
    }
    bucket[0] -= 1;
    if (buckets.size() > 10_000) {
      buckets.entrySet().removeIf(e -> e.getValue()[0] >= limit);
    }
    return true;
  }
}
