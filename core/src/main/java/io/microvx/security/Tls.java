package io.microvx.security;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

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
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
      // no client certificates are asked for: without trust of its own, Netty would read the JDK's trust
      // store from disk for each new TLS context, on an event loop at the first connection
      .setTrustOptions(TrustOptions.wrap(NO_CLIENT_CERTIFICATES));
  }

  /** Trusts no client certificate; never consulted, as none is requested. */
  private static final X509TrustManager NO_CLIENT_CERTIFICATES = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };

  /** A PEM certificate chain and its private key, as a server's options hold them (both null: plain HTTP). */
  public record Pair(String cert, String key) {
  }

  /**
   * The options' own check, for their setters: blank paths are unset, the others trimmed; both or
   * neither, and readable ({@code prefix} names the options, {@code api_tls_cert}).
   */
  public static Pair pair(String prefix, String cert, String key) {
    String c = cert == null || cert.isBlank() ? null : cert.trim();
    String k = key == null || key.isBlank() ? null : key.trim();
    checkPair(prefix, c, k);
    return new Pair(c, k);
  }

  /** Both or neither, and readable. */
  static void checkPair(String prefix, String cert, String key) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(prefix + "_tls_cert and " + prefix + "_tls_key go together: set both PEM files or neither");
    }
    if (cert != null) {
      readable(prefix + "_tls_cert", cert);
      readable(prefix + "_tls_key", key);
    }
  }

  /**
   * For a client using TLS: trusts the CA in the PEM file, or when none is given the JVM's own CAs,
   * loaded here, on the caller's thread (left to Netty, they would be read from disk on an event loop
   * at the first connection).
   */
  public static HttpClientOptions trust(HttpClientOptions options, String ca) {
    return options.setTrustOptions(ca != null ? pem(ca) : TrustOptions.wrap(jvmTrust()));
  }

  /** The CA's PEM, read now on the caller's thread (Vert.x would read a path at the first connection). */
  private static PemTrustOptions pem(String ca) {
    try {
      return new PemTrustOptions().addCertValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(Path.of(ca))));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read the CA file " + ca + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #trust(HttpClientOptions, String)}. */
  public static WebSocketClientOptions trust(WebSocketClientOptions options, String ca) {
    return options.setTrustOptions(ca != null ? pem(ca) : TrustOptions.wrap(jvmTrust()));
  }

  private static volatile TrustManagerFactory jvmTrust;

  private static TrustManagerFactory jvmTrust() {
    TrustManagerFactory loaded = jvmTrust;
    if (loaded == null) {
      try {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        factory.getTrustManagers(); // the certificates are read now
        loaded = factory;
        jvmTrust = loaded;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JVM's trusted certificates cannot be read: " + e.getMessage(), e);
      }
    }
    return loaded;
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
