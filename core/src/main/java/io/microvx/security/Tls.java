package io.microvx.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS from PEM files, for the proxy, the gateway and the dashboard (a certificate chain and its private
 * key, PKCS#8 or PKCS#1) and for clients of a remote proxy (the CA that signed its certificate). Files
 * are checked when the options are read, so a wrong path is one clear line at start-up.
 */
public final class Tls {

  private Tls() {
  }

  /**
   * Serves HTTPS when both files are given, plain HTTP when neither is.
   *
   * @param prefix the options' prefix in messages, e.g. {@code proxy} for {@code proxy_tls_cert}
   */
  public static HttpServerOptions server(HttpServerOptions options, String prefix, String cert, String key) {
    checkPair(prefix, cert, key);
    if (cert == null) {
      return options;
    }
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
  }

  /**
   * Loads the JDK's trust store on a worker, once: Netty reads it from disk when it makes the first TLS
   * context, which happens on an event loop at the first connection. Call before listening with TLS.
   */
  public static Future<Void> warm(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
      return null;
    });
  }

  /** Both or neither, and readable: the options' own check, for their setters and constructors. */
  public static void checkPair(String prefix, String cert, String key) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(prefix + "_tls_cert and " + prefix + "_tls_key go together: set both PEM files or neither");
    }
    if (cert != null) {
      readable(prefix + "_tls_cert", cert);
      readable(prefix + "_tls_key", key);
    }
  }

  /** Trusts the CA in the PEM file (when given) besides the JVM's own. */
  public static HttpClientOptions trust(HttpClientOptions options, String ca) {
    return ca == null ? options : options.setTrustOptions(new PemTrustOptions().addCertPath(ca));
  }

  /** Trusts the CA in the PEM file (when given) besides the JVM's own. */
  public static WebSocketClientOptions trust(WebSocketClientOptions options, String ca) {
    return ca == null ? options : options.setTrustOptions(new PemTrustOptions().addCertPath(ca));
  }

  /** The path, when the file can be read; otherwise the option's name and what is wrong. */
  public static String readable(String option, String path) {
    if (path == null) {
      return null;
    }
    if (!Files.isReadable(Path.of(path))) {
      throw new IllegalArgumentException(option + ": cannot read " + path);
    }
    return path;
  }
}
