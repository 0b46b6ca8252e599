package io.microvx.bot;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands services add: a service named {@code <namespace>.<command>} serving micro's
 * {@code Command.Help} and {@code Command.Exec}. Found live through the registry mirror; each one's help is
 * asked once when it appears. Calls speak protobuf, as micro's bot does, and JSON to a service that refuses
 * protobuf (remembered per service).
 */
final class ServiceCommands {

  private static final Logger log = LoggerFactory.getLogger(ServiceCommands.class);

  /** A command a service adds, with its help line. */
  record Command(String name, String service, String usage, String description) {
  }

  /** What {@code Command.Exec} answered: the result text, or the error the command gave. */
  record Result(String result, String error) {
  }

  private static final int HELP_RETRIES = 5;

  private final io.vertx.core.Vertx vertx;
  private final RegistryMirror mirror;
  private final Client client;
  private final String prefix;
  private final Duration timeout;
  // read by BotVerticle.serviceCommands() from any thread; changed on the bot's context
  private final Map<String, Command> commands = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Set<String> speaksJson = ConcurrentHashMap.newKeySet();
  private Runnable unsubscribe;

  ServiceCommands(io.vertx.core.Vertx vertx, RegistryMirror mirror, Client client, String namespace, Duration timeout) {
    this.vertx = vertx;
    this.mirror = mirror;
    this.client = client;
    this.prefix = namespace + ".";
    this.timeout = timeout;
  }

  /** Starts following the registry: the commands present now are in once this completes. */
  Future<Void> start() {
    unsubscribe = mirror.onChange(this::changed);
    List<Future<Void>> helps = new java.util.ArrayList<>();
    for (String name : mirror.services().keySet()) {
      if (name.startsWith(prefix)) {
        helps.add(changed(name));
      }
    }
    return Future.join(helps).mapEmpty();
  }

  void stop() {
    if (unsubscribe != null) {
      unsubscribe.run();
    }
  }

  /** The commands known now, by name. */
  Map<String, Command> commands() {
    return Map.copyOf(commands);
  }

  Command find(String name) {
    return commands.get(name);
  }

  private Future<Void> changed(String service) {
    if (!service.startsWith(prefix) || service.length() == prefix.length()) {
      return Future.succeededFuture();
    }
    String name = service.substring(prefix.length());
    if (mirror.service(service).isEmpty()) {
      if (commands.remove(name) != null) {
        log.info("bot command {} is gone ({} has no node left)", name, service);
      }
      return Future.succeededFuture();
    }
    if (commands.containsKey(name)) {
      return Future.succeededFuture();
    }
    // listed at once, so the command works even before (or without) its help
    Command bare = new Command(name, service, name, "");
    commands.put(name, bare);
    log.info("bot command {} added by {}", name, service);
    return askHelp(bare, 0);
  }

  /** Asks the command's help; a service that cannot answer yet is asked again later, a few times. */
  private Future<Void> askHelp(Command bare, int attempt) {
    return help(bare.service()).map(help -> {
      if (commands.get(bare.name()) == bare) {
        commands.put(bare.name(), new Command(bare.name(), bare.service(),
          help.firstText().isBlank() ? bare.name() : help.firstText(), help.secondText()));
      }
      return (Void) null;
    }).otherwise(failure -> {
      if (attempt < HELP_RETRIES && commands.get(bare.name()) == bare) {
        log.debug("bot command {}: {} did not answer Command.Help yet: {}", bare.name(), bare.service(), failure.getMessage());
        vertx.setTimer(1000L << attempt, id -> askHelp(bare, attempt + 1));
      } else {
        log.warn("bot command {}: {} did not answer Command.Help: {}", bare.name(), bare.service(), failure.getMessage());
      }
      return null;
    });
  }

  private Future<BotProto.Fields> help(String service) {
    return call(service, "Command.Help", Buffer.buffer(), new JsonObject())
      .map(reply -> reply.json() == null ? BotProto.fields(reply.body())
        : new BotProto.Fields(bytes(reply.json().getString("usage")), bytes(reply.json().getString("description"))));
  }

  /** Runs the command: {@code Command.Exec} with the words of the message. */
  Future<Result> exec(Command command, List<String> args) {
    return call(command.service(), "Command.Exec", BotProto.execRequest(args), new JsonObject().put("args", new JsonArray(args)))
      .map(reply -> {
        if (reply.json() == null) {
          BotProto.Fields fields = BotProto.fields(reply.body());
          return new Result(fields.firstText(), fields.secondText());
        }
        return new Result(resultText(reply.json().getValue("result")), reply.json().getString("error", ""));
      });
  }

  private record Answer(Buffer body, JsonObject json) {
  }

  /** Protobuf first; a service that refuses it for a codec reason (400 or 415) is asked again in JSON. */
  private Future<Answer> call(String service, String endpoint, Buffer protobuf, JsonObject json) {
    if (speaksJson.contains(service)) {
      return callJson(service, endpoint, json);
    }
    CallOptions options = new CallOptions().setContentType(Codecs.PROTOBUF).setTimeout(timeout);
    return client.call(service, endpoint, protobuf, Buffer.class, options)
      .map(body -> new Answer(body, null))
      .recover(failure -> {
        if (failure instanceof MicroException e && (e.code() == 400 || e.code() == 415)) {
          speaksJson.add(service);
          return callJson(service, endpoint, json);
        }
        return Future.failedFuture(failure);
      });
  }

  private Future<Answer> callJson(String service, String endpoint, JsonObject json) {
    CallOptions options = new CallOptions().setContentType(Codecs.JSON).setTimeout(timeout);
    return client.call(service, endpoint, json.toBuffer(), Buffer.class, options)
      .map(body -> new Answer(body, body.length() == 0 ? new JsonObject() : body.toJsonObject()));
  }

  /** {@code bytes} in JSON are base64, as Go writes them; text that is not base64 is taken as it is. */
  static String resultText(Object value) {
    if (value == null) {
      return "";
    }
    String text = String.valueOf(value);
    try {
      return new String(Base64.getDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
