package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "call", description = "Call a service's endpoint with a JSON request and print the reply.",
  footer = {"", "Examples:", "  micro call greeter Say.Hello '{\"name\":\"Ada\"}'",
    "  micro call greeter Say.Hello '{\"name\":\"Ada\"}' --metadata X-User=ada --timeout 2s",
    "  micro call greeter Say.Hello --address 10.0.0.5:41234"})
final class CallCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Parameters(index = "1", paramLabel = "ENDPOINT", description = "Type.Method, e.g. Say.Hello.")
  String endpoint;

  @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "The request (default {}).")
  String request;

  @Option(names = "--address", paramLabel = "HOST:PORT", description = "Call this node directly.")
  String address;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Call metadata (repeatable).")
  Map<String, String> metadata;

  @Option(names = "--retries", paramLabel = "N", description = "Retries on another node (default: the proxy's).")
  Integer retries;

  @Override
  int execute(Session session, Output out) {
    JsonObject call = new JsonObject().put("service", service).put("endpoint", endpoint)
      .put("request", Calls.object(request, "the request"));
    if (address != null) {
      if (!address.matches("\\[?[A-Za-z0-9_.:-]+]?:\\d{1,5}") || address.startsWith(":")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--address " + address
          + ": expected HOST:PORT of one of " + service + "'s nodes (`micro get service " + service + "` lists them)");
      }
      call.put("address", address);
    }
    if (metadata != null) {
      call.put("metadata", new JsonObject(Map.copyOf(metadata)));
    }
    if (retries != null) {
      call.put("retries", retries);
    }
    try {
      out.json(Calls.json(Calls.rpc(session, call, global().timeout())));
    } catch (MicroException e) {
      throw Calls.streamingHint(session, e, service, endpoint, true, request);
    }
    return 0;
  }
}
