package io.microvx.transport.rabbitmq;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.errors.MicroException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the transport's AMQP connection with the RabbitMQ Java client (blocking: call it on a worker
 * thread), with its automatic recovery on: after a lost connection the client reconnects every
 * {@code rabbitmq_reconnect_interval} and declares the servers' queues, bindings and consumers again.
 */
final class AmqpConnector {

  static final String ID = "go.micro.transport";

  private AmqpConnector() {
  }

  static Connection connect(RabbitMqBrokerOptions options, String name) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(options.getUri());
    } catch (Exception e) {
      throw new MicroException(ID, "rabbitmq: not a usable AMQP URI: " + where(options.getUri()), 400, e);
    }
    factory.setConnectionTimeout((int) options.getConnectTimeout().toMillis());
    factory.setHandshakeTimeout((int) options.getConnectTimeout().toMillis());
    factory.setRequestedHeartbeat((int) options.getHeartbeat().toSeconds());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(options.getReconnectInterval().toMillis());
    factory.setThreadFactory(daemons(name));
    if (options.isTls()) {
      try {
        factory.useSslProtocol(sslContext(options));
        if (!options.isTlsTrustAll()) {
          factory.enableHostnameVerification();
        }
      } catch (Exception e) {
        throw new MicroException(ID, "rabbitmq: cannot set up TLS (" + e.getMessage() + ")", 400, e);
      }
    }
    try {
      return factory.newConnection(name);
    } catch (Exception e) {
      throw connectFailure(options.getUri(), e);
    }
  }

  /** The CA file's certificates, the JVM's trust store without one, or anything with trust-all (tests). */
  private static SSLContext sslContext(RabbitMqBrokerOptions options) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    if (options.isTlsTrustAll()) {
      context.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
      return context;
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (options.getCaFile() == null) {
      trust.init((KeyStore) null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      try (InputStream in = Files.newInputStream(Path.of(options.getCaFile()))) {
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
      }
      trust.init(store);
    }
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static final class TrustEverything implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
    }

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return work -> {
      Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The URI without its password, for messages. */
  static String where(String uri) {
    try {
      URI parsed = URI.create(uri);
      return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
    } catch (IllegalArgumentException e) {
      return "(an unparsable URI)";
    }
  }

  /** A failure to connect, in one line: refused credentials (401), or the server out of reach (503). */
  static MicroException connectFailure(String uri, Throwable failure) {
    if (failure instanceof MicroException e) {
      return e;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException || t instanceof PossibleAuthenticationFailureException) {
        String info = URI.create(uri).getUserInfo();
        String user = info == null ? "guest" : info.split(":", 2)[0];
        return new MicroException(ID, "rabbitmq at " + where(uri) + " refused the credentials of user " + user, 401, failure);
      }
    }
    String why = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof TimeoutException
        || t instanceof javax.net.ssl.SSLException) {
        why = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        break;
      }
    }
    return new MicroException(ID, "rabbitmq at " + where(uri) + " cannot be reached (" + why + ")", 503, failure);
  }
}
