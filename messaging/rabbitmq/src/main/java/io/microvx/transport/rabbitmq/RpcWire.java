package io.microvx.transport.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.microvx.transport.Message;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The transport's wire, the shape of go-plugins' rabbitmq transport: a request is published to the exchange
 * with the node's address as routing key, {@code correlation_id} naming the call and {@code reply_to}
 * {@code amq.rabbitmq.reply-to}; the reply goes to the default exchange with the caller's reply-to as
 * routing key and the same correlation id. Headers are AMQP header-table strings (the first value of each),
 * the body is the message body as is.
 */
final class RpcWire {

  /** RabbitMQ's direct reply-to pseudo-queue: replies go to the channel that sent the request, no queue. */
  static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  private RpcWire() {
  }

  /** A request; with a timeout, the server drops it unread once it waited that long in the queue. */
  static AMQP.BasicProperties request(Message message, String correlationId, Duration timeout) {
    AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder()
      .headers(headers(message.headers()))
      .correlationId(correlationId)
      .replyTo(DIRECT_REPLY_TO)
      .deliveryMode(1);
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
      builder.expiration(String.valueOf(Math.max(1, timeout.toMillis())));
    }
    return builder.build();
  }

  static AMQP.BasicProperties reply(Message message, String correlationId) {
    return new AMQP.BasicProperties.Builder()
      .headers(headers(message.headers()))
      .correlationId(correlationId)
      .deliveryMode(1)
      .build();
  }

  private static Map<String, Object> headers(MultiMap headers) {
    Map<String, Object> table = new HashMap<>();
    for (String name : headers.names()) {
      table.put(name, headers.get(name));
    }
    return table;
  }

  /** The message a delivery carries; header values that are not strings are read as go's %v would print them. */
  static Message message(AMQP.BasicProperties properties, byte[] body) {
    MultiMap headers = HttpHeaders.headers();
    Map<String, Object> table = properties == null ? null : properties.getHeaders();
    if (table != null) {
      table.forEach((name, value) -> headers.set(name, value instanceof LongString s
        ? new String(s.getBytes(), StandardCharsets.UTF_8) : String.valueOf(value)));
    }
    return new Message(headers, Buffer.buffer(body == null ? new byte[0] : body));
  }

  /** Why this cannot be a node's address (its queue name and routing key), or null. */
  static String problem(String address) {
    if (address == null || address.isBlank()) {
      return "no address";
    }
    if (address.indexOf('*') >= 0 || address.indexOf('#') >= 0) {
      return "'*' and '#' are patterns to a topic exchange: " + address;
    }
    if (address.startsWith("amq.")) {
      return "names starting with amq. are RabbitMQ's: " + address;
    }
    if (address.getBytes(StandardCharsets.UTF_8).length > 255) {
      return "longer than RabbitMQ's 255 bytes: " + address;
    }
    return null;
  }
}
