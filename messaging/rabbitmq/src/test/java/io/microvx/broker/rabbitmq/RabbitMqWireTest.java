package io.microvx.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.microvx.broker.Broker;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * go-micro's wire as a plain AMQP client sees it, the plugin found by name, and connecting to a server that is
 * not there or refuses the credentials.
 */
class RabbitMqWireTest {

  private Vertx vertx;
  private String uri;
  private final String exchange = "micro-wire-" + UUID.randomUUID();
  private final List<Broker> brokers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    brokers.forEach(b -> Await.result(b.disconnect()));
    Await.result(vertx.close());
  }

  private Broker broker(JsonObject config) {
    Broker broker = Plugins.broker(vertx, "rabbitmq", null, config);
    brokers.add(broker);
    return broker;
  }

  private Broker connected() {
    uri = RealServers.rabbitmq();
    Broker broker = broker(new JsonObject().put("broker_address", uri).put("rabbitmq_exchange", exchange));
    Await.result(broker.connect());
    return broker;
  }

  private RabbitMQClient raw() {
    RabbitMQClient client = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(uri).setIncludeProperties(true));
    Await.result(client.start());
    return client;
  }

  @Test
  void aPublicationIsTheRawBodyWithHeadersAsAmqpStringsRoutedByTopic() {
    Broker broker = connected();
    RabbitMQClient client = raw();
    String queue = Await.result(client.queueDeclare("", false, true, true)).getQueue();
    Await.result(client.queueBind(queue, exchange, "go.micro.srv.greeter.events"));
    Await.result(broker.publish("go.micro.srv.greeter.events",
      new Message(Map.of("Content-Type", "application/json", "Micro-Topic", "go.micro.srv.greeter.events"), Buffer.buffer("{\"say\":\"hi\"}"))));
    RabbitMQMessage[] got = new RabbitMQMessage[1];
    Await.until("the message in the plain queue", () -> (got[0] = Await.result(client.basicGet(queue, true))) != null);
    assertThat(got[0].body().toString()).as("no envelope: the body as published").isEqualTo("{\"say\":\"hi\"}");
    assertThat(got[0].envelope().getExchange()).isEqualTo(exchange);
    assertThat(got[0].envelope().getRoutingKey()).isEqualTo("go.micro.srv.greeter.events");
    assertThat(got[0].properties().getContentType()).as("go-micro sets no content-type property").isNull();
    assertThat(got[0].properties().getHeaders().get("Content-Type").toString()).isEqualTo("application/json");
    assertThat(got[0].properties().getHeaders().get("Micro-Topic").toString()).isEqualTo("go.micro.srv.greeter.events");
    Await.result(client.stop());
  }

  @Test
  void aGoPublicationReachesASubscriberWithNonStringHeadersEmpty() {
    Broker broker = connected();
    List<Event> events = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("from.go", event -> {
      events.add(event);
      return Future.succeededFuture();
    }));
    RabbitMQClient client = raw();
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
      .headers(Map.of("Content-Type", "text/plain", "X-Count", 7)).build();
    Await.result(client.basicPublish(exchange, "from.go", properties, Buffer.buffer("hello from Go")));
    Await.until("the Go publication", () -> !events.isEmpty());
    Event event = events.get(0);
    assertThat(event.topic()).isEqualTo("from.go");
    assertThat(event.attempt()).isEqualTo(1);
    assertThat(event.message().body().toString()).isEqualTo("hello from Go");
    assertThat(event.message().headers()).containsEntry("Content-Type", "text/plain").containsEntry("X-Count", "");
    Await.result(client.stop());
  }

  @Test
  void wildcardsAreRefusedAsTopics() {
    Broker broker = connected();
    MicroException refused = (MicroException) Await.failure(broker.subscribe("orders.*", e -> Future.succeededFuture()));
    assertThat(refused.code()).isEqualTo(400);
    assertThat(((MicroException) Await.failure(broker.publish("orders.#", new Message(Map.of(), Buffer.buffer("x"))))).code())
      .isEqualTo(400);
  }

  @Test
  void anUnreachableServerIsOneClearError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Broker broker = broker(new JsonObject().put("broker_address", "amqp://guest:guest@127.0.0.1:" + port)
      .put("rabbitmq_connect_timeout", "2s"));
    MicroException failure = (MicroException) Await.failure(broker.connect());
    assertThat(failure.code()).isEqualTo(503);
    assertThat(failure.detail()).isEqualTo("rabbitmq at amqp://127.0.0.1:" + port
      + " cannot be reached (ConnectException: Connection refused)");
    MicroException publishing = (MicroException) Await.failure(broker.publish("t", new Message(Map.of(), Buffer.buffer("x"))));
    assertThat(publishing.code()).as("publishing while not connected").isEqualTo(503);
    assertThat(publishing.detail()).contains("not connected");
  }

  @Test
  void refusedCredentialsAreOneClearError() {
    String good = RealServers.rabbitmq();
    String wrong = good.replace("guest:guest@", "guest:not-the-password@");
    Broker broker = broker(new JsonObject().put("broker_address", wrong));
    MicroException failure = (MicroException) Await.failure(broker.connect());
    assertThat(failure.code()).isEqualTo(401);
    assertThat(failure.detail()).isEqualTo("rabbitmq at " + RabbitMqWire.where(good) + " refused the credentials of user guest");
    assertThat(failure.detail()).doesNotContain("not-the-password").doesNotContain("\n");
  }

  @Test
  void optionsComeFromFlatKeys() {
    RabbitMqBrokerOptions options = new RabbitMqBrokerOptions(new JsonObject()
      .put("broker_address", "amqps://u:p@mq.example:5671/prod").put("rabbitmq_exchange", "events")
      .put("rabbitmq_exchange_durable", "true").put("rabbitmq_prefetch", "10").put("rabbitmq_heartbeat", "30s")
      .put("rabbitmq_persistent", false).put("broker_redeliveries", 5));
    assertThat(options.getUri()).isEqualTo("amqps://u:p@mq.example:5671/prod");
    assertThat(options.isTls()).isTrue();
    assertThat(options.getExchange()).isEqualTo("events");
    assertThat(options.isExchangeDurable()).isTrue();
    assertThat(options.getPrefetch()).isEqualTo(10);
    assertThat(options.getHeartbeat()).hasSeconds(30);
    assertThat(options.isPersistent()).isFalse();
    assertThat(options.getBrokerOptions().getRedeliveries()).isEqualTo(5);
    assertThat(new RabbitMqBrokerOptions(options.toJson()).toJson()).isEqualTo(options.toJson());

    RabbitMqBrokerOptions defaults = new RabbitMqBrokerOptions(new JsonObject());
    assertThat(defaults.getUri()).isEqualTo("amqp://guest:guest@127.0.0.1:5672");
    assertThat(defaults.getExchange()).isEqualTo("micro");
    assertThat(defaults.isExchangeDurable()).as("go-micro's declaration").isFalse();
    assertThatThrownBy(() -> new RabbitMqBrokerOptions(new JsonObject().put("broker_address", "127.0.0.1:5672")))
      .hasMessageContaining("needs an amqp:// or amqps:// URI");
  }

  @Test
  void rabbitmqAddressIsReadWhenBrokerAddressIsNotGiven() {
    assertThat(new RabbitMqBrokerOptions(new JsonObject().put("rabbitmq_address", "amqp://a:b@mq:5672")).getUri())
      .isEqualTo("amqp://a:b@mq:5672");
    assertThat(new RabbitMqBrokerOptions(new JsonObject().put("rabbitmq_address", "amqp://a:b@mq:5672")
      .put("broker_address", "amqp://c:d@other:5672")).getUri()).as("broker_address wins").isEqualTo("amqp://c:d@other:5672");
  }
}
