package io.microvx.broker.rabbitmq;

import io.microvx.broker.Broker;
import io.microvx.broker.Message;
import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import io.microvx.testing.Ci;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.microvx.transport.rabbitmq.RabbitMqTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to a node of the test's own with a TLS listener and openssl-made certificates: the broker and the
 * transport trust the CA file and work; without it (the JVM's trust store) connecting fails with one line.
 */
class RabbitMqTlsTest {

  private static Path certificates;
  private static RabbitMqProcess node;

  private final Vertx vertx = Vertx.vertx();
  private final List<Broker> brokers = new ArrayList<>();
  private final List<Transport> transports = new ArrayList<>();

  @BeforeAll
  static void startNodeWithTls() throws Exception {
    Ci.require(Ci.onPath("openssl"), "openssl is needed to make the test's certificates");
    certificates = Files.createTempDirectory("microvx-rabbitmq-tls-");
    Files.writeString(certificates.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
      "-subj", "/CN=microvx test CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", "server.pem", "-days", "1", "-extfile", "san.ext");
    node = RabbitMqProcess.start(List.of(
      "ssl_options.cacertfile = " + certificates.resolve("ca.pem"),
      "ssl_options.certfile = " + certificates.resolve("server.pem"),
      "ssl_options.keyfile = " + certificates.resolve("server.key"),
      "ssl_options.verify = verify_none",
      "ssl_options.fail_if_no_peer_cert = false"), true);
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(certificates.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(out).isZero();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void close() {
    brokers.forEach(b -> Await.result(b.disconnect()));
    transports.forEach(t -> Await.result(t.close()));
    Await.result(vertx.close());
  }

  private RabbitMqBrokerOptions overTls() {
    return new RabbitMqBrokerOptions().setUri("amqps://guest:guest@127.0.0.1:" + node.tlsPort())
      .setCaFile(certificates.resolve("ca.pem").toString()).setHeartbeat(Duration.ofSeconds(5));
  }

  @Test
  void theBrokerPublishesAndSubscribesOverTlsTrustingTheCaFile() {
    Broker broker = RabbitMqBrokerProvider.create(vertx, overTls());
    brokers.add(broker);
    Await.result(broker.connect());
    List<String> received = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("secure", event -> {
      received.add(event.message().body().toString());
      return Future.succeededFuture();
    }));
    Await.result(broker.publish("secure", new Message(Map.of(), Buffer.buffer("over tls"))));
    Await.until("the message over TLS", () -> received.contains("over tls"));
  }

  @Test
  void theTransportCallsOverTlsTrustingTheCaFile() {
    Transport transport = RabbitMqTransport.create(vertx, overTls());
    transports.add(transport);
    TransportServer server = Await.result(transport.listen(null, new TransportHandler() {
      @Override
      public void request(ServerExchange exchange) {
        exchange.reply(io.microvx.transport.Message.of(Buffer.buffer("secure:" + exchange.request().body())));
      }

      @Override
      public void stream(TransportStream stream) {
      }
    }));
    io.microvx.transport.Message reply = Await.result(transport.request(server.address(),
      io.microvx.transport.Message.of(Buffer.buffer("ping")), Duration.ofSeconds(10)));
    assertThat(reply.body().toString()).isEqualTo("secure:ping");
    Await.result(server.close());
  }

  @Test
  void withoutTheCaFileTheServersCertificateIsRefusedInOneLine() {
    RabbitMqBrokerOptions untrusting = overTls().setCaFile(null);
    Broker broker = RabbitMqBrokerProvider.create(vertx, untrusting);
    MicroException refused = (MicroException) Await.failure(broker.connect());
    assertThat(refused.code()).isEqualTo(503);
    assertThat(refused.detail()).startsWith("rabbitmq at amqps://127.0.0.1:" + node.tlsPort() + " cannot be reached")
      .doesNotContain("\n");

    Transport transport = RabbitMqTransport.create(vertx, untrusting);
    transports.add(transport);
    MicroException alsoRefused = (MicroException) Await.failure(transport.request("anywhere",
      io.microvx.transport.Message.of(Buffer.buffer()), Duration.ofSeconds(10)));
    assertThat(alsoRefused.code()).isEqualTo(503);
    assertThat(alsoRefused.detail()).contains("cannot be reached").doesNotContain("\n");
  }
}
