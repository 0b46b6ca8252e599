package io.microvx.bot;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.codec.Json;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bot's own commands, as micro's: the CLI's features (list, get, health, call, register, deregister) and a few small ones. */
final class Builtins {

  /** Who may run a command: everyone, or only those on the allow-list. */
  enum Access { READ, CALL, WRITE }

  /** A built-in command: its words ({@code list services}), help line, access class and what it does. */
  record Builtin(String name, String usage, String description, Access access, Action action) {
  }

  @FunctionalInterface
  interface Action {
    Future<Reply> run(ChatMessage message, List<String> args, String rest);
  }

  /** The text after the first {@code n} words, as typed (JSON keeps its spaces). */
  private static final Pattern[] AFTER = {Pattern.compile("(?s)^\\S+\\s*(.*)$"), Pattern.compile("(?s)^\\S+\\s+\\S+\\s*(.*)$"),
    Pattern.compile("(?s)^\\S+\\s+\\S+\\s+\\S+\\s*(.*)$")};

  private final Registry registry;
  private final Client client;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, Builtin> commands = new LinkedHashMap<>();

  Builtins(Registry registry, Client client, Clock clock, Duration timeout) {
    this.registry = registry;
    this.client = client;
    this.clock = clock;
    this.timeout = timeout;
    add("help", "help", "Lists the commands", Access.READ, (m, a, r) -> Future.succeededFuture(Reply.text("")));
    add("echo", "echo [text]", "Returns the text", Access.READ, (m, a, r) -> Future.succeededFuture(Reply.text(after(m.text(), 1))));
    add("hello", "hello", "Returns a greeting", Access.READ, (m, a, r) -> Future.succeededFuture(Reply.text("hello " + m.userName())));
    add("ping", "ping", "Returns pong", Access.READ, (m, a, r) -> Future.succeededFuture(Reply.text("pong")));
    add("time", "time", "Returns the server's time", Access.READ,
      (m, a, r) -> Future.succeededFuture(Reply.text(DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)))));
    add("list services", "list services", "Returns a list of registered services", Access.READ, (m, a, r) -> listServices());
    add("get service", "get service [name]", "Returns a registered service", Access.READ, (m, a, r) -> getService(a));
    add("health", "health [service]", "Returns the health of each node of a service", Access.READ, (m, a, r) -> health(a));
    add("call", "call [service] [endpoint] [request]", "Calls a service's endpoint with a JSON request", Access.CALL,
      (m, a, r) -> call(m, a));
    add("register service", "register service [definition]", "Registers a service from its JSON", Access.WRITE,
      (m, a, r) -> register(m, true));
    add("deregister service", "deregister service [definition]", "Deregisters a service from its JSON", Access.WRITE,
      (m, a, r) -> register(m, false));
  }

  private void add(String name, String usage, String description, Access access, Action action) {
    commands.put(name, new Builtin(name, usage, description, access, action));
  }

  Map<String, Builtin> all() {
    return commands;
  }

  /** The built-in the words name: two words first ({@code list services}), then one. */
  Builtin find(List<String> args) {
    if (args.size() >= 2 && commands.containsKey(args.get(0) + " " + args.get(1))) {
      return commands.get(args.get(0) + " " + args.get(1));
    }
    return commands.get(args.get(0));
  }

  static String after(String text, int words) {
    Matcher matcher = AFTER[words - 1].matcher(text.strip());
    return matcher.matches() ? matcher.group(1).strip() : "";
  }

  private Future<Reply> listServices() {
    return registry.listServices().map(services -> {
      TreeSet<String> names = new TreeSet<>();
      services.forEach(s -> names.add(s.name()));
      return names.isEmpty() ? Reply.text("no services are registered") : Reply.block(String.join("\n", names));
    });
  }

  private Future<Reply> getService(List<String> args) {
    if (args.size() < 3) {
      return usage("get service [name]");
    }
    String name = args.get(2);
    return registry.getService(name).map(versions -> versions.isEmpty() ? Reply.text("service " + name + " not found")
      : Reply.block(pretty(versions)));
  }

  private Future<Reply> health(List<String> args) {
    if (args.size() < 2) {
      return usage("health [service]");
    }
    String name = args.get(1);
    return registry.getService(name).compose(versions -> {
      List<Future<String>> lines = new ArrayList<>();
      for (Service version : versions) {
        for (Node node : version.nodes()) {
          CallOptions options = new CallOptions().setContentType(Codecs.JSON).setAddress(node.address()).setRetries(0)
            .setTimeout(timeout);
          lines.add(client.call(name, "Debug.Health", Buffer.buffer("{}"), Buffer.class, options)
            .map(reply -> status(reply.length() == 0 ? "" : reply.toJsonObject().getString("status", "")))
            .otherwise(failure -> Chat.oneLine(failure))
            .map(status -> node.id() + "  " + node.address() + "  " + status));
        }
      }
      if (lines.isEmpty()) {
        return Future.succeededFuture(Reply.text("service " + name + " not found"));
      }
      return Future.join(lines).map(all -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          out.add(all.resultAt(i));
        }
        return Reply.block(String.join("\n", out));
      });
    });
  }

  private static String status(String status) {
    return status.isEmpty() ? "no status" : status;
  }

  private Future<Reply> call(ChatMessage message, List<String> args) {
    if (args.size() < 3) {
      return usage("call [service] [endpoint] [request]");
    }
    String json = after(message.text(), 3);
    JsonObject request;
    try {
      request = json.isEmpty() ? new JsonObject() : new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      return Future.succeededFuture(Reply.text("the request is not a JSON object: " + Chat.shorten(json, 80)));
    }
    CallOptions options = new CallOptions().setContentType(Codecs.JSON).setTimeout(timeout);
    return client.call(args.get(1), args.get(2), request.toBuffer(), Buffer.class, options)
      .map(reply -> Reply.block(Chat.prettyJson(reply)));
  }

  private Future<Reply> register(ChatMessage message, boolean register) {
    String json = after(message.text(), 2);
    String usage = (register ? "register" : "deregister") + " service [definition]";
    if (json.isEmpty()) {
      return usage(usage);
    }
    Service service;
    try {
      service = Json.mapper().readValue(json, Service.class);
    } catch (IOException e) {
      return Future.succeededFuture(Reply.text("the definition is not a service's JSON: " + Chat.shorten(json, 80)));
    }
    if (service == null || service.name() == null || service.name().isBlank()) {
      return Future.succeededFuture(Reply.text("the service JSON needs a name"));
    }
    Future<Void> done = register ? registry.register(service, new RegisterOptions()) : registry.deregister(service);
    return done.map(v -> Reply.text((register ? "registered " : "deregistered ") + service.name()));
  }

  private static Future<Reply> usage(String usage) {
    return Future.succeededFuture(Reply.text("usage: " + usage));
  }

  private static String pretty(List<Service> versions) {
    try {
      return new JsonArray(Json.mapper().writeValueAsString(versions)).encodePrettily();
    } catch (IOException e) {
      throw new MicroException("go.micro.bot", "the service could not be shown", 500, e);
    }
  }
}
