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
 * docs/messaging.md's "services on NATS" and "services on RabbitMQ": micro server with the plugin's broker
 * and transport, a greeter started by {@code micro run} with {@code MICRO_TRANSPORT} set, called by
 * {@code micro call} and through the API gateway, both over the message server (NATS request-reply, AMQP
 * with direct reply-to).
 */
class MicroOverBrokersIT {

  private static final Processes processes = new Processes();

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void aGreeterOnTheNatsTransportIsCalledByMicroCallAndThroughTheGateway() throws Exception {
    // the node's address is its NATS subject
    greeterOver("nats", "MICRO_NATS_ADDRESS", RealServers.nats(), "\"address\":\"_INBOX\\.");
  }

  @Test
  void aGreeterOnTheRabbitMqTransportIsCalledByMicroCallAndThroughTheGateway() throws Exception {
    // the node's address is its queue's name, a UUID
    greeterOver("rabbitmq", "MICRO_RABBITMQ_ADDRESS", RealServers.rabbitmq(),
      "\"address\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"");
  }

  /** micro server --transport P --broker P, then MICRO_TRANSPORT=P micro run examples/target/greeter.jar. */
  private static void greeterOver(String plugin, String addressVariable, String address, String nodeAddress) throws Exception {
    String name = plugin + "greeter" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 6);
    Map<String, String> env = new HashMap<>(Map.of(addressVariable, address));
    Processes.Running server = processes.micro(env, "server", "--transport", plugin, "--broker", plugin, "--no-web",
      "--api_address", "127.0.0.1:0", "--proxy_address", "127.0.0.1:0");
    env.put("MICRO_PROXY_ADDRESS", server.awaitProxyAddress(Duration.ofSeconds(60)));
    int apiPort = Processes.listeningPort(server.awaitLine(l -> l.startsWith("api gateway listening on "), Duration.ofSeconds(10)));
    assertThat(server.out).contains("registry memory, broker " + plugin + ", transport " + plugin);

    Map<String, String> onPlugin = new HashMap<>(env);
    onPlugin.put("MICRO_TRANSPORT", plugin);
    processes.micro(onPlugin, "run", Processes.GREETER_JAR.toString(), "--conf", "{\"server_name\":\"" + name + "\"}");
    processes.awaitService(env, name);

    Processes.Result nodes = processes.run(env, null, "get", "service", name, "--output", "json");
    assertThat(nodes.out()).containsPattern(nodeAddress);
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
