package io.microvx.cli;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "register", description = "Register a service from its JSON (as go-micro's registry keeps it).",
  footer = {"", "Example:", "  micro register service '{\"name\":\"legacy\",\"nodes\":[{\"id\":\"legacy-1\",\"address\":\"10.0.0.7:8080\"}]}'"})
final class RegisterCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "service")
  String what;

  @Parameters(index = "1", paramLabel = "JSON")
  String service;

  @Option(names = "--ttl", paramLabel = "DURATION", description = "Let it lapse unless registered again in time.")
  String ttl;

  @Override
  int execute(Session session, Output out) {
    return registry(spec, session, out, HttpMethod.POST, what, service, ttl, "registered");
  }

  static int registry(picocli.CommandLine.Model.CommandSpec spec, Session session, Output out, HttpMethod method,
                      String what, String json, String ttl, String done) {
    if (!what.equals("service")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), spec.name() + " service JSON, not " + what);
    }
    JsonObject service = Calls.object(json, "the service");
    if (service.getString("name") == null) {
      throw new IllegalArgumentException("the service JSON needs a name");
    }
    String uri = "/registry" + (ttl == null ? "" : "?ttl=" + Calls.encode(ttl));
    session.await(session.api.request(method, uri, HttpHeaders.headers().set(HttpHeaders.CONTENT_TYPE, "application/json"),
      service.toBuffer()));
    if (out.json()) {
      out.json(new JsonObject().put(done, service.getString("name")));
    } else {
      out.line(done + " " + service.getString("name"));
    }
    return 0;
  }
}
