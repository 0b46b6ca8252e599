package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.microvx.transport.Message;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration fails at once with one clear line; the plugins are found by name. */
class NatsConnectionErrorsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void oneClearLine(MicroException e, String... parts) {
    assertThat(e.code()).isEqualTo(503);
    assertThat(e.detail()).doesNotContain("\n");
    for (String part : parts) {
      assertThat(e.detail()).contains(part);
    }
  }

  @Test
  void aServerNobodyRunsIsOneClearErrorForTheBrokerAndTheTransport() throws IOException {
    String url = "nats://127.0.0.1:" + unusedPort();
    NatsOptions options = new NatsOptions().setServers(List.of(url)).setConnectTimeout(Duration.ofSeconds(2));
    long start = System.nanoTime();
    MicroException broker = (MicroException) Await.failure(NatsBroker.create(vertx, options, new BrokerOptions()).connect());
    oneClearLine(broker, "cannot connect to NATS at " + url);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(10));

    Throwable transport = Await.failure(NatsTransport.create(vertx, options).request("_INBOX.x", Message.of(Buffer.buffer()),
      Duration.ofSeconds(5)));
    oneClearLine((MicroException) transport, "cannot connect to NATS at " + url);
  }

  @Test
  void wrongCredentialsAreOneClearError() {
    try (NatsProcess secured = NatsProcess.start("--user", "micro", "--pass", "right")) {
      MicroException refused = (MicroException) Await.failure(NatsBroker.create(vertx, new NatsOptions()
        .setServers(List.of(secured.url())).setUser("micro").setPassword("wrong"), new BrokerOptions()).connect());
      oneClearLine(refused, "NATS at " + secured.url() + " refused the credentials");

      Broker right = NatsBroker.create(vertx, new NatsOptions().setServers(List.of(secured.url())).setUser("micro")
        .setPassword("right"), new BrokerOptions());
      Await.result(right.connect());
      assertThat(((NatsBroker) right).state()).isEqualTo("CONNECTED");
      Await.result(right.disconnect());
    }
  }

  @Test
  void aCredentialsFileThatCannotBeReadIsNamed() {
    MicroException refused = (MicroException) Await.failure(NatsBroker.create(vertx, new NatsOptions()
      .setCredentials("/nonexistent/user.creds"), new BrokerOptions()).connect());
    oneClearLine(refused, "nats_credentials", "/nonexistent/user.creds");
  }

  @Test
  void theBrokerAndTheTransportAreFoundByNameWithTheirAddresses() {
    String url = RealServers.nats();
    JsonObject config = new JsonObject().put("broker", "nats").put("broker_address", url).put("nats_ack_wait", "10s");
    Broker broker = Plugins.broker(vertx, "nats", Registry.cached(vertx, Registry.memory(vertx), new CacheOptions()), config);
    assertThat(broker.name()).isEqualTo("nats");
    Await.result(broker.connect());
    assertThat(broker.address()).isEqualTo(url);
    Await.result(broker.disconnect());

    // the transport takes the broker's NATS when it is given none of its own
    Transport transport = Plugins.transport(vertx, "nats", config);
    assertThat(transport.name()).isEqualTo("nats");
    Throwable noResponders = Await.failure(transport.request("_INBOX.nobody", Message.of(Buffer.buffer()), Duration.ofSeconds(5)));
    assertThat(((MicroException) noResponders).code()).isEqualTo(503);
    assertThat(((MicroException) noResponders).detail()).contains("no responders");
    Await.result(transport.close());
  }

  @Test
  void optionsReadFlatKeysAndRoundTrip() {
    NatsOptions options = new NatsOptions(new JsonObject().put("broker_address", "127.0.0.1:4333,nats://10.0.0.2:4222")
      .put("nats_stream_retention", "Interest").put("nats_ack_wait", "45s").put("nats_reconnect_buffer", "0"), "broker_address");
    assertThat(options.getServers()).containsExactly("nats://127.0.0.1:4333", "nats://10.0.0.2:4222");
    assertThat(options.getStreamRetention()).isEqualTo("interest");
    assertThat(options.getAckWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(options.getReconnectBuffer()).isZero();
    NatsOptions again = new NatsOptions(options.toJson());
    assertThat(again.toJson()).isEqualTo(options.toJson());
    assertThat(new NatsOptions().getServers()).containsExactly(NatsOptions.DEFAULT_SERVER);
  }
}
