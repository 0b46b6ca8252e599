package io.microvx.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.BasicProperties;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import io.microvx.broker.Message;
import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.rabbitmq.RabbitMQOptions;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * go-micro's rabbitmq wire (go-plugins broker/rabbitmq): the body is the message body as is, every header an
 * AMQP header-table string, the topic the routing key. Also the client's options and its errors as one line.
 */
final class RabbitMqWire {

  static final String ID = "go.micro.broker";
  /**
   * The attempt a republished message is on (see {@link RabbitMqSubscription}); read and removed on
   * receipt, never shown to handlers.
   */
  static final String ATTEMPT_HEADER = "x-micro-attempt";

  private RabbitMqWire() {
  }

  static AMQP.BasicProperties properties(Message message, boolean persistent, int attempt) {
    Map<String, Object> headers = new HashMap<>(message.headers());
    if (attempt > 1) {
      headers.put(ATTEMPT_HEADER, String.valueOf(attempt));
    }
    // go-micro sets no content type property: the codec travels in the Content-Type header
    return new AMQP.BasicProperties.Builder().headers(headers).deliveryMode(persistent ? 2 : 1).build();
  }

  /** The message a delivery carries; header values that are not strings become "" (go-micro's reading). */
  static Message message(BasicProperties properties, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, Object> table = properties == null ? null : properties.getHeaders();
    if (table != null) {
      table.forEach((name, value) -> {
        if (!ATTEMPT_HEADER.equals(name)) {
          headers.put(name, value instanceof LongString || value instanceof String ? value.toString() : "");
        }
      });
    }
    return new Message(headers, body);
  }

  /** 1 for a first delivery; the republished attempt otherwise, one more when the server redelivered it. */
  static int attempt(BasicProperties properties, boolean redelivered) {
    int attempt = 1;
    Map<String, Object> table = properties == null ? null : properties.getHeaders();
    Object carried = table == null ? null : table.get(ATTEMPT_HEADER);
    if (carried != null) {
      try {
        attempt = Math.max(1, Integer.parseInt(carried.toString()));
      } catch (NumberFormatException e) {
        attempt = 1;
      }
    }
    return redelivered ? attempt + 1 : attempt;
  }

  static RabbitMQOptions clientOptions(RabbitMqBrokerOptions options, String connectionName) {
    RabbitMQOptions client = new RabbitMQOptions()
      .setUri(options.getUri())
      .setConnectionTimeout((int) options.getConnectTimeout().toMillis())
      .setHandshakeTimeout((int) options.getConnectTimeout().toMillis())
      .setRequestedHeartbeat((int) options.getHeartbeat().toSeconds())
      // the Vert.x client reconnects (and restarts consumers) itself; the Java client's recovery stays off
      .setAutomaticRecoveryEnabled(false)
      // a first connection that fails is bad configuration or a server not there: say so at once
      .setAutomaticRecoveryOnInitialConnection(false)
      .setReconnectAttempts(Integer.MAX_VALUE)
      .setReconnectInterval(options.getReconnectInterval().toMillis())
      .setIncludeProperties(true)
      .setConnectionName(connectionName);
    if (options.isTls()) {
      client.setSsl(true);
      // Vert.x refuses to make the TLS context without an algorithm named; the Java client that then opens
      // the socket with it checks the certificate chain, not the host name (only its own option would)
      client.setHostnameVerificationAlgorithm(options.isTlsTrustAll() ? "" : "HTTPS");
      if (options.isTlsTrustAll()) {
        client.setTrustAll(true);
      } else if (options.getCaFile() != null) {
        client.setTrustOptions(new PemTrustOptions().addCertPath(options.getCaFile()));
      }
    }
    return client;
  }

  /** The URI without its password, for messages. */
  static String where(String uri) {
    URI parsed = URI.create(uri);
    return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
  }

  static String user(String uri) {
    String info = URI.create(uri).getUserInfo();
    return info == null ? "guest" : info.split(":", 2)[0];
  }

  /** A failure to connect, in one line: refused credentials (401), or the server out of reach (503). */
  static MicroException connectFailure(String uri, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException || t instanceof PossibleAuthenticationFailureException) {
        return new MicroException(ID, "rabbitmq at " + where(uri) + " refused the credentials of user " + user(uri), 401, failure);
      }
    }
    String why = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof TimeoutException) {
        why = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        break;
      }
    }
    return new MicroException(ID, "rabbitmq at " + where(uri) + " cannot be reached (" + why + ")", 503, failure);
  }

  /** The client's call, whose failure may also be thrown (a closed connection): as a future either way. */
  static <T> io.vertx.core.Future<T> safely(java.util.function.Supplier<io.vertx.core.Future<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /**
   * Runs the set-up of a new connection from a connection-established callback and waits for it. The client
   * calls these callbacks on a worker thread inside its connecting task and does not wait for the future
   * they complete, so the consumers it restarts next could find their queue not declared yet; blocking
   * that worker thread (never an event loop) until the set-up is done orders it first. The set-up runs from
   * another context, since calls made from the connecting task's own would queue behind it.
   */
  static void setUpBeforeConsumersRestart(io.vertx.core.Context elsewhere, java.util.function.Supplier<io.vertx.core.Future<Void>> setUp,
                                          io.vertx.core.Promise<Void> ready, java.time.Duration timeout) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    elsewhere.runOnContext(v -> safely(setUp).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(null);
      } else {
        done.completeExceptionally(ar.cause());
      }
    }));
    try {
      done.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      ready.tryComplete();
    } catch (java.util.concurrent.ExecutionException e) {
      ready.tryFail(e.getCause());
    } catch (TimeoutException e) {
      ready.tryFail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready.tryFail(e);
    }
  }

  static MicroException unavailable(String format, Object... args) {
    return new MicroException(ID, String.format(format, args), 503);
  }
}
