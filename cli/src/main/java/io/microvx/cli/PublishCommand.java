package io.microvx.cli;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "publish", description = "Publish a JSON message to a topic.",
  footer = {"", "Example:", "  micro publish user.signup '{\"email\":\"ada@example.com\",\"plan\":\"pro\"}'"})
final class PublishCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "TOPIC")
  String topic;

  @Parameters(index = "1", paramLabel = "JSON")
  String message;

  @Override
  int execute(Session session, Output out) {
    JsonObject body = Calls.object(message, "the message");
    session.await(session.api.request(HttpMethod.POST, "/broker?topic=" + Calls.encode(topic),
      HttpHeaders.headers().set(HttpHeaders.CONTENT_TYPE, "application/json"), body.toBuffer()));
    if (out.json()) {
      out.json(new JsonObject().put("published", topic));
    } else {
      out.line("published to " + topic);
    }
    return 0;
  }
}
