package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;

@Command(name = "stream", description = "Call a streaming endpoint and print each reply as it arrives.",
  footer = {"", "Example:", "  micro stream numbers Numbers.Count '{\"count\":5}'"})
final class StreamCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Parameters(index = "1", paramLabel = "ENDPOINT")
  String endpoint;

  @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "The request (default {}).")
  String request;

  @Override
  int execute(Session session, Output out) {
    JsonObject body = Calls.object(request, "the request");
    Promise<Void> ended = Promise.promise();
    String uri = "/stream?service=" + Calls.encode(service) + "&endpoint=" + Calls.encode(endpoint);
    session.await(session.api.webSocket(uri, null, socket -> {
      socket.textMessageHandler(text -> {
        String control = control(text);
        if (control == null) {
          out.json(Calls.json(io.vertx.core.buffer.Buffer.buffer(text)));
        } else if (control.equals("EOS")) {
          ended.tryComplete();
        } else {
          ended.tryFail(MicroException.parse(control));
        }
      });
      socket.closeHandler(v -> ended.tryFail(new MicroException("go.micro.cli", "the stream closed before its end", 502)));
    }).compose(socket -> socket.writeTextMessage(body.encode())));
    try {
      Session.await(ended.future(), Duration.ofDays(1));
    } catch (MicroException e) {
      throw Calls.streamingHint(session, e, service, endpoint, false, request);
    }
    return 0;
  }

  /** The proxy's end-of-stream control message, {@code {"Micro-Error": …}}, or null for a reply. */
  private static String control(String text) {
    if (!text.startsWith("{\"Micro-Error\"")) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(text);
      return json.size() == 1 ? json.getString("Micro-Error") : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
