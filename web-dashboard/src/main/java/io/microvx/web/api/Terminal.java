package io.microvx.web.api;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.metadata.Metadata;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /_/api/terminal {"line": "call greeter Say.Hello {\"name\":\"Bo\"}"}}: the CLI's commands
 * run in the browser, answered as {@code {"ok", "output"}} text for the page to print. Everything goes
 * through the registry view and the normal client; nothing here runs a process.
 */
final class Terminal {

  static final String HELP = String.join("\n",
    "list services                 the services and their versions and nodes",
    "list nodes                    every node of every service",
    "get service NAME              a service's versions, nodes and endpoints",
    "call SERVICE ENDPOINT JSON    call an endpoint, e.g. call greeter Say.Hello {\"name\":\"Bo\"}",
    "stream SERVICE ENDPOINT JSON  a streaming endpoint's replies, a line each (the first 100, within 10 s)",
    "health SERVICE                Debug.Health of each node",
    "stats SERVICE                 Debug.Stats of each node",
    "publish TOPIC JSON            publish a message, e.g. publish user.signup {\"email\":\"ada@example.com\"}",
    "clear                         clear the screen",
    "help                          this list");

  private final RegistryMirror view;
  private final ServiceCalls calls;
  private final Client client;

  Terminal(RegistryMirror view, ServiceCalls calls, Client client) {
    this.view = view;
    this.calls = calls;
    this.client = client;
  }

  void run(RoutingContext ctx) {
    String line = Replies.body(ctx).getString("line", "").strip();
    execute(line).onComplete(ar -> {
      JsonObject reply = ar.succeeded()
        ? new JsonObject().put("ok", true).put("output", ar.result())
        : new JsonObject().put("ok", false).put("output", message(ar.cause()));
      Replies.json(ctx, reply);
    });
  }

  /** The command's output, or a failure whose message is the one line to print. */
  Future<String> execute(String line) {
    String[] words = line.split("\\s+", 3);
    String command = words[0];
    String first = words.length > 1 ? words[1] : null;
    String rest = words.length > 2 ? words[2] : null;
    try {
      return switch (command) {
        case "", "help" -> Future.succeededFuture(HELP);
        case "list", "ls" -> Future.succeededFuture(list(first));
        case "services" -> Future.succeededFuture(list("services"));
        case "get" -> Future.succeededFuture(get(first, rest));
        case "call" -> call(first, rest);
        case "stream" -> stream(first, rest);
        case "health" -> health(required(first, "health SERVICE"));
        case "stats" -> stats(required(first, "stats SERVICE"));
        case "publish" -> publish(first, rest);
        default -> Future.failedFuture(usage("unknown command \"" + command + "\": try help"));
      };
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private String list(String what) {
    if ("nodes".equals(what)) {
      List<List<String>> rows = new ArrayList<>();
      view.services().forEach((name, versions) -> versions.forEach(v -> v.nodes().forEach(n ->
        rows.add(List.of(name, v.version(), n.id(), n.address())))));
      return Text.table(List.of("SERVICE", "VERSION", "NODE", "ADDRESS"), rows);
    }
    if (what != null && !"services".equals(what)) {
      throw usage("list services | list nodes");
    }
    List<List<String>> rows = new ArrayList<>();
    view.services().forEach((name, versions) -> rows.add(List.of(name,
      String.join(",", versions.stream().map(Service::version).toList()),
      Integer.toString(versions.stream().mapToInt(v -> v.nodes().size()).sum()))));
    return Text.table(List.of("SERVICE", "VERSIONS", "NODES"), rows);
  }

  private String get(String what, String rest) {
    String name = "service".equals(what) ? rest : what;
    name = required(name == null ? null : name.strip(), "get service NAME");
    List<Service> versions = view.service(name);
    if (versions.isEmpty()) {
      throw new MicroException(Replies.ID, "service " + name + ": not found", 404);
    }
    StringBuilder out = new StringBuilder();
    for (Service version : versions) {
      out.append("service  ").append(version.name()).append('\n');
      out.append("version  ").append(version.version()).append("\n\n");
      List<List<String>> nodes = new ArrayList<>();
      for (Node node : version.nodes()) {
        nodes.add(List.of(node.id(), node.address(), Text.pairs(node.metadata())));
      }
      out.append(Text.table(List.of("NODE", "ADDRESS", "METADATA"), nodes)).append('\n');
      for (Endpoint endpoint : version.endpoints()) {
        Map<String, String> md = endpoint.metadata();
        String kind = "true".equals(md.get("subscriber")) ? "  (subscriber of " + md.get("topic") + ")"
          : "true".equals(md.get("stream")) ? "  (stream)" : "";
        out.append('\n').append("endpoint ").append(endpoint.name()).append(kind).append('\n');
        shape(out, "  request ", endpoint.request());
        shape(out, "  response", endpoint.response());
      }
    }
    return out.toString().stripTrailing();
  }

  private static void shape(StringBuilder out, String label, Value value) {
    if (value != null) {
      out.append(label).append(' ').append(value.type()).append(' ').append(Text.fields(value.values())).append('\n');
    }
  }

  private Future<String> call(String service, String rest) {
    if (service == null || rest == null) {
      throw usage("call SERVICE ENDPOINT [JSON]");
    }
    String[] parts = rest.split("\\s+", 2);
    String endpoint = parts[0];
    Buffer request = object(parts.length > 1 ? parts[1] : null, "the request");
    return calls.call(service, endpoint, request, null, null).compose(outcome -> outcome.error() != null
      ? Future.failedFuture(outcome.error())
      : Future.succeededFuture(Text.pretty(ServiceCalls.decode(outcome.reply()))));
  }

  /** A terminal prints when the command is done: a stream is cut to what fits on a screen and in a moment. */
  static final int STREAM_LINES = 100;
  static final Duration STREAM_TIME = Duration.ofSeconds(10);

  private Future<String> stream(String service, String rest) {
    if (service == null || rest == null) {
      throw usage("stream SERVICE ENDPOINT [JSON]");
    }
    String[] parts = rest.split("\\s+", 2);
    Buffer request = object(parts.length > 1 ? parts[1] : null, "the request");
    return calls.stream(service, parts[0], request, null, STREAM_TIME, Metadata.empty()).compose(stream -> {
      Promise<String> done = Promise.promise();
      StringBuilder out = new StringBuilder();
      int[] count = {0};
      // replies already printed are kept, the failure (the 10 s limit, say) said after them
      stream.exceptionHandler(failure -> {
        if (count[0] == 0) {
          done.tryFail(failure);
        } else {
          done.tryComplete(out + message(failure));
        }
      });
      stream.endHandler(v -> done.tryComplete(out + "(" + count[0] + (count[0] == 1 ? " reply)" : " replies)")));
      stream.handler(reply -> {
        if (count[0] == STREAM_LINES) {
          stream.cancel();
          done.tryComplete(out + "(stopped after " + STREAM_LINES + " replies)");
          return;
        }
        count[0]++;
        Object decoded = ServiceCalls.decode(reply);
        out.append(decoded instanceof JsonObject json ? json.encode() : String.valueOf(decoded)).append('\n');
      });
      return done.future();
    });
  }

  private Future<String> health(String service) {
    return nodes(service).map(reports -> {
      List<List<String>> rows = new ArrayList<>();
      for (ServiceCalls.NodeReport report : reports) {
        ServiceCalls.Outcome health = report.health();
        Object reply = health.error() == null ? ServiceCalls.decode(health.reply()) : null;
        String status = health.error() != null ? "error: " + health.error().detail()
          : reply instanceof JsonObject json ? String.valueOf(json.getValue("status")) : String.valueOf(reply);
        rows.add(List.of(report.node().id(), report.node().address(), report.version(), status));
      }
      return Text.table(List.of("NODE", "ADDRESS", "VERSION", "STATUS"), rows);
    });
  }

  private Future<String> stats(String service) {
    return nodes(service).map(reports -> {
      List<List<String>> rows = new ArrayList<>();
      for (ServiceCalls.NodeReport report : reports) {
        ServiceCalls.Outcome stats = report.stats();
        if (stats.error() != null) {
          rows.add(List.of(report.node().address(), "error: " + stats.error().detail(), "", "", "", ""));
          continue;
        }
        JsonObject s = ServiceCalls.decode(stats.reply()) instanceof JsonObject json ? json : new JsonObject();
        rows.add(List.of(report.node().address(), Text.duration(s.getLong("uptime", 0L)), Text.bytes(s.getLong("memory", 0L)),
          String.valueOf(s.getValue("threads", "")), String.valueOf(s.getValue("requests", "")),
          String.valueOf(s.getValue("errors", ""))));
      }
      return Text.table(List.of("ADDRESS", "UPTIME", "MEMORY", "THREADS", "REQUESTS", "ERRORS"), rows);
    });
  }

  private Future<List<ServiceCalls.NodeReport>> nodes(String service) {
    if (view.service(service).isEmpty()) {
      return Future.failedFuture(new MicroException(Replies.ID, "service " + service + ": not found", 404));
    }
    return calls.nodes(service);
  }

  private Future<String> publish(String topic, String message) {
    if (topic == null || message == null) {
      throw usage("publish TOPIC JSON");
    }
    Buffer body = object(message, "the message");
    return client.publish(topic, body, new CallOptions().setContentType("application/json"))
      .map(v -> "published to " + topic);
  }

  /** A JSON object argument, single quotes around it (as pasted from a shell) taken off. */
  private static Buffer object(String text, String what) {
    if (text == null || text.isBlank()) {
      return Buffer.buffer("{}");
    }
    String json = text.strip();
    if (json.length() > 1 && json.startsWith("'") && json.endsWith("'")) {
      json = json.substring(1, json.length() - 1);
    }
    try {
      return new JsonObject(json).toBuffer();
    } catch (DecodeException | ClassCastException e) {
      throw usage(what + " is not a JSON object: " + json);
    }
  }

  private static String required(String value, String usage) {
    if (value == null || value.isBlank()) {
      throw usage(usage);
    }
    return value;
  }

  private static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(message);
  }

  private static String message(Throwable failure) {
    if (failure instanceof MicroException e) {
      String detail = e.detail().isEmpty() ? e.status() : e.detail();
      return "error: " + (e.code() > 0 ? detail + " (" + e.code() + (e.status().isEmpty() ? "" : " " + e.status()) + ")" : detail);
    }
    String message = failure.getMessage();
    return "error: " + (message == null ? failure.getClass().getSimpleName() : message);
  }
}
