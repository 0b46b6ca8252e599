package io.microvx.cli;

import io.vertx.core.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "deregister", description = "Deregister a service's nodes given as JSON.",
  footer = {"", "Example:", "  micro deregister service '{\"name\":\"legacy\",\"nodes\":[{\"id\":\"legacy-1\"}]}'"})
final class DeregisterCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "service")
  String what;

  @Parameters(index = "1", paramLabel = "JSON")
  String service;

  @Override
  int execute(Session session, Output out) {
    return RegisterCommand.registry(spec, session, out, HttpMethod.DELETE, what, service, null, "deregistered");
  }
}
