package io.microvx.nats;

import io.microvx.errors.MicroException;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens a jnats connection from {@link NatsOptions} on a worker thread, turning the ways a first connection
 * fails into one clear line: nobody answers, the credentials are refused, a credentials file cannot be
 * read. Reconnects and resubscriptions after that are jnats's; they are logged and counted here.
 */
final class NatsConnector {

  private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);

  /** Connection events seen so far, for a broker's or transport's state. */
  static final class ConnectionEvents implements ConnectionListener {
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    private final String who;
    private final java.util.concurrent.atomic.LongAdder discarded;

    ConnectionEvents(String who) {
      this(who, new java.util.concurrent.atomic.LongAdder());
    }

    /** Counting in {@code discarded} the publications jnats discarded because its outgoing queue was full. */
    ConnectionEvents(String who, java.util.concurrent.atomic.LongAdder discarded) {
      this.who = who;
      this.discarded = discarded;
    }

    @Override
    public void connectionEvent(Connection connection, ConnectionListener.Events type) {
      switch (type) {
        case DISCONNECTED -> {
          disconnects.incrementAndGet();
          log.warn("{}: disconnected from NATS; reconnecting", who);
        }
        case RECONNECTED -> {
          reconnects.incrementAndGet();
          log.info("{}: reconnected to NATS at {}", who, connection.getConnectedUrl());
        }
        case CLOSED -> log.info("{}: NATS connection closed", who);
        default -> log.debug("{}: NATS {}", who, type);
      }
    }
  }

  private NatsConnector() {
  }

  /** Connects on a worker thread; the failure is a 503 {@link MicroException} saying what went wrong. */
  static Future<Connection> connect(Vertx vertx, NatsOptions options, ConnectionEvents events) {
    return connect(vertx, options, events, false);
  }

  /**
   * As {@link #connect(Vertx, NatsOptions, ConnectionEvents)}; with {@code reportNoResponders} a request
   * nobody subscribes to fails with NATS's 503 status rather than being cancelled.
   */
  static Future<Connection> connect(Vertx vertx, NatsOptions options, ConnectionEvents events, boolean reportNoResponders) {
    return vertx.executeBlocking(() -> {
      Options jnats = jnatsOptions(options, events, reportNoResponders);
      try {
        return Nats.connect(jnats);
      } catch (AuthenticationException e) {
        throw unavailable("NATS at %s refused the credentials (%s)", servers(options), reason(e));
      } catch (java.io.IOException e) {
        if (isAuthFailure(e)) {
          throw unavailable("NATS at %s refused the credentials (%s)", servers(options), reason(e));
        }
        throw unavailable("cannot connect to NATS at %s: %s", servers(options), reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unavailable("interrupted connecting to NATS at %s", servers(options));
      }
    }, false);
  }

  static Options jnatsOptions(NatsOptions options, ConnectionListener listener, boolean reportNoResponders)
    throws Exception {
    Options.Builder builder = new Options.Builder()
      .servers(options.getServers().toArray(String[]::new))
      .connectionName(options.getConnectionName())
      .connectionTimeout(options.getConnectTimeout())
      .reconnectWait(options.getReconnectWait())
      .maxReconnects(options.getMaxReconnects())
      .reconnectBufferSize(options.getReconnectBuffer())
      // a full outgoing queue must not make a publishing event loop wait: it is refused (503) instead
      .maxMessagesInOutgoingQueue(65_536)
      .discardMessagesWhenOutgoingQueueFull()
      .connectionListener(listener)
      .errorListener(new ErrorListener() {
        @Override
        public void messageDiscarded(Connection conn, io.nats.client.Message msg) {
          if (listener instanceof ConnectionEvents events) {
            events.discarded.increment();
          }
          log.warn("NATS discarded a publication on {}: the outgoing queue was full", msg.getSubject());
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
          log.warn("NATS server error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
          log.debug("NATS client exception", exp);
        }
      });
    if (reportNoResponders) {
      builder.reportNoResponders();
    }
    if (options.getToken() != null) {
      builder.token(options.getToken().toCharArray());
    }
    if (options.getUser() != null) {
      builder.userInfo(options.getUser(), options.getPassword() == null ? "" : options.getPassword());
    }
    if (options.getCredentials() != null) {
      readable(options.getCredentials(), "nats_credentials");
      builder.authHandler(Nats.credentials(options.getCredentials()));
    } else if (options.getNkey() != null) {
      readable(options.getNkey(), "nats_nkey");
      builder.authHandler(Nats.credentials(null, options.getNkey()));
    }
    if (options.getTruststore() != null) {
      builder.truststorePath(options.getTruststore());
      if (options.getTruststorePassword() != null) {
        builder.truststorePassword(options.getTruststorePassword().toCharArray());
      }
    }
    if (options.getKeystore() != null) {
      builder.keystorePath(options.getKeystore());
      if (options.getKeystorePassword() != null) {
        builder.keystorePassword(options.getKeystorePassword().toCharArray());
      }
    }
    if (options.isTls() && options.getTruststore() == null && options.getKeystore() == null) {
      builder.secure();
    }
    return builder.build();
  }

  private static void readable(String file, String key) {
    if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
      throw unavailable("%s names a file that cannot be read: %s", key, file);
    }
  }

  private static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (t instanceof AuthenticationException || text.contains("authorization violation")
        || text.contains("authentication")) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getMessage();
    if (root != e && root.getMessage() != null) {
      text = root.getMessage();
    }
    return text == null ? e.getClass().getSimpleName() : text.trim();
  }

  private static String servers(NatsOptions options) {
    return String.join(",", options.getServers());
  }

  static MicroException unavailable(String format, Object... args) {
    return new MicroException("go.micro.broker", String.format(format, args), 503);
  }
}
