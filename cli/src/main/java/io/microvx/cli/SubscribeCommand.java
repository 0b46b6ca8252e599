package io.microvx.cli;

import io.microvx.broker.Envelope;
import io.microvx.errors.MicroException;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "subscribe", description = "Print the messages of a topic as they arrive (until Ctrl-C).",
  footer = {"", "Examples:", "  micro subscribe user.signup", "  micro subscribe jobs --queue workers --count 10",
    "  micro subscribe orders --durable billing"})
final class SubscribeCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "TOPIC")
  String topic;

  @Option(names = "--queue", paramLabel = "QUEUE", description = "Share the topic's messages with this queue group.")
  String queue;

  @Option(names = "--durable", paramLabel = "NAME",
    description = "Have the broker keep this name's messages while it is away; subscribing again gets them.")
  String durable;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
  Integer count;

  @Override
  int execute(Session session, Output out) {
    Promise<Void> done = Promise.promise();
    AtomicInteger received = new AtomicInteger();
    String uri = "/broker?topic=" + Calls.encode(topic) + (queue == null ? "" : "&queue=" + Calls.encode(queue))
      + (durable == null ? "" : "&durable=" + Calls.encode(durable));
    session.await(session.api.webSocket(uri, null, socket -> {
      socket.textMessageHandler(text -> {
        print(out, Envelope.decodeMessage(Buffer.buffer(text)).message());
        if (count != null && received.incrementAndGet() >= count) {
          done.tryComplete();
        }
      });
      socket.closeHandler(v -> done.tryFail(new MicroException("go.micro.cli", "the proxy closed the subscription", 502)));
    }));
    // on stderr, so that scripts reading stdout see only messages
    System.err.println("subscribed to " + topic + (queue == null ? "" : " in queue " + queue)
      + (durable == null ? "" : " as durable " + durable));
    Session.await(done.future(), Duration.ofDays(365));
    return 0;
  }

  private void print(Output out, io.microvx.broker.Message message) {
    String body = message.body().toString();
    if (out.json()) {
      JsonObject headers = new JsonObject();
      message.headers().forEach(headers::put);
      out.line(new JsonObject().put("topic", topic).put("header", headers).put("body", body).encode());
    } else {
      out.line(body);
    }
  }
}
