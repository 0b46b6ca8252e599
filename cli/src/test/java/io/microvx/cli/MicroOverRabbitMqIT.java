package io.microvx.cli;

import io.microvx.testing.RealServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/messaging.md's "services on RabbitMQ": micro server with the RabbitMQ broker and transport, a
 * greeter started by {@code micro run} with {@code MICRO_TRANSPORT=rabbitmq}, called by {@code micro call}
 * and through the API gateway, both over AMQP with direct reply-to.
 */
class MicroOverRabbitMqIT {

  private static final Processes processes = new Processes();

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void aGreeterOnTheRabbitMqTransportIsCalledByMicroCallAndThroughTheGateway() throws Exception {
    String rabbitmq = RealServers.rabbitmq();
    String name = "rabbitgreeter" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 6);
    Map<String, String> env = new HashMap<>(Map.of("MICRO_RABBITMQ_ADDRESS", rabbitmq));

    // micro server --transport rabbitmq --broker rabbitmq
    Processes.Running server = processes.micro(env, "server", "--transport", "rabbitmq", "--broker", "rabbitmq", "--no-web",
      "--api_address", "127.0.0.1:0", "--proxy_address", "127.0.0.1:0");
    env.put("MICRO_PROXY_ADDRESS", Processes.listeningAddress(
      server.awaitLine(l -> l.startsWith("proxy listening on 127.0.0.1:"), Duration.ofSeconds(60))));
    int apiPort = Processes.listeningPort(server.awaitLine(l -> l.startsWith("api gateway listening on "), Duration.ofSeconds(10)));
    assertThat(server.out).contains("registry memory, broker rabbitmq, transport rabbitmq");

    // MICRO_TRANSPORT=rabbitmq MICRO_RABBITMQ_ADDRESS=amqp://guest:guest@127.0.0.1:5672 micro run examples/target/greeter.jar
    Map<String, String> onRabbitMq = new HashMap<>(env);
    onRabbitMq.put("MICRO_TRANSPORT", "rabbitmq");
    processes.micro(onRabbitMq, "run", Processes.GREETER_JAR.toString(), "--conf", "{\"server_name\":\"" + name + "\"}");
    processes.awaitService(env, name);

    Processes.Result nodes = processes.run(env, null, "get", "service", name, "--output", "json");
    assertThat(nodes.out()).as("the node's address is its queue's name, a UUID")
      .containsPattern("\"address\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"");
    Processes.Result call = processes.run(env, null, "call", name, "Say.Hello", "{\"name\":\"Ada\"}");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(new JsonObject(call.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));

    HttpResponse<String> viaGateway = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + apiPort + "/" + name + "/say/hello"))
      .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bo\"}")).header("Content-Type", "application/json").build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(viaGateway.statusCode()).as(viaGateway.body()).isEqualTo(200);
    assertThat(new JsonObject(viaGateway.body())).isEqualTo(new JsonObject().put("msg", "Hello Bo"));
  }
}
