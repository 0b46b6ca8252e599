package io.microvx.registry.etcd;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * etcd's v3 JSON gateway ({@code POST /v3/...}) over the Vert.x HTTP client: tries the endpoints in turn
 * when one cannot be reached, authenticates when a user is set (again when the token lapses), and turns
 * etcd's errors into {@link MicroException}s with one clear line.
 */
final class EtcdClient {

  static final String ERROR_ID = "go.micro.registry";
  private static final Logger LOG = LoggerFactory.getLogger(EtcdClient.class);

  record Endpoint(String host, int port, boolean ssl) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private final EtcdRegistryOptions options;
  private final List<Endpoint> endpoints;
  private final HttpClientAgent http;
  private volatile int current;
  private volatile Future<String> token;

  EtcdClient(Vertx vertx, EtcdRegistryOptions options) {
    this.options = options;
    this.endpoints = options.getEndpoints().stream().map(e -> endpoint(e, options.isTls())).toList();
    boolean ssl = endpoints.stream().anyMatch(Endpoint::ssl);
    HttpClientOptions client = new HttpClientOptions()
      .setConnectTimeout((int) options.getTimeout().toMillis())
      .setTcpKeepAlive(true)
      .setSsl(ssl);
    // read here (plugins are made off the event loop), not by the client when it first connects
    if (ssl && options.getCaFile() == null) {
      client.setTrustOptions(TrustOptions.wrap(jvmTrust()));
    }
    if (options.getCaFile() != null) {
      client.setTrustOptions(new PemTrustOptions().addCertValue(read(options.getCaFile(), "etcd_ca_file")));
    }
    if (options.getCertFile() != null && options.getKeyFile() != null) {
      client.setKeyCertOptions(new PemKeyCertOptions().setCertValue(read(options.getCertFile(), "etcd_cert_file"))
        .setKeyValue(read(options.getKeyFile(), "etcd_key_file")));
    }
    // watches each hold a connection for as long as they run
    this.http = vertx.createHttpClient(client, new PoolOptions().setHttp1MaxSize(64));
  }

  /** The JVM's trust store, read now: the JDK would read it again at handshakes, on the event loop. */
  private static TrustManagerFactory jvmTrust() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      return trust;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's trust store cannot be read", e);
    }
  }

  private static Buffer read(String file, String option) {
    try {
      return Buffer.buffer(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new IllegalArgumentException(option + ": cannot read " + file);
    }
  }

  static Endpoint endpoint(String address, boolean tls) {
    try {
      URI uri = URI.create(address.contains("://") ? address : (tls ? "https://" : "http://") + address);
      boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
      if (uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 2379, ssl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry_address: not an etcd address: " + address);
    }
  }

  /** The endpoint in use, as {@code host:port}. */
  String address() {
    return endpoints.get(current).toString();
  }

  /**
   * One unary call, e.g. {@code call("/v3/kv/range", body)}: the answer's JSON. A call with no answer in
   * time is made once more (the registry's calls may be repeated), then fails with a 504.
   */
  Future<JsonObject> call(String path, JsonObject body) {
    return bounded(path, body).recover(err -> err instanceof MicroException e && e.code() == 504
      ? bounded(path, body) : Future.failedFuture(err));
  }

  private Future<JsonObject> bounded(String path, JsonObject body) {
    // the request's own timeout does not cover every wait (a connection lost mid-request): bound it all
    long limit = options.getTimeout().toMillis() + 1000;
    return authorized(false).compose(auth -> send(path, body, auth, 0))
      .recover(err -> isStaleToken(err)
        ? authorized(true).compose(auth -> send(path, body, auth, 0))
        : Future.failedFuture(err))
      .timeout(limit, TimeUnit.MILLISECONDS)
      .recover(err -> err instanceof java.util.concurrent.TimeoutException
        ? Future.failedFuture(new MicroException(ERROR_ID, "etcd at " + address() + " did not answer within " + limit + " ms", 504))
        : Future.failedFuture(err));
  }

  /**
   * A streaming call ({@code /v3/watch}): the response once etcd answered 200, its body left to the
   * caller, who must end it ({@code response.request().reset()}) when done.
   */
  Future<HttpClientResponse> stream(String path, JsonObject body) {
    return authorized(false).compose(auth -> open(path, body, auth, 0, false));
  }

  private Future<JsonObject> send(String path, JsonObject body, String auth, int tried) {
    return open(path, body, auth, tried, true).compose(response -> response.body().map(EtcdClient::json));
  }

  private Future<HttpClientResponse> open(String path, JsonObject body, String auth, int tried, boolean bounded) {
    int index = (current + tried) % endpoints.size();
    Endpoint endpoint = endpoints.get(index);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
      .setHost(endpoint.host).setPort(endpoint.port).setSsl(endpoint.ssl).setURI(path)
      .putHeader("Content-Type", "application/json");
    if (bounded) {
      request.setTimeout(options.getTimeout().toMillis());
    }
    if (auth != null) {
      request.putHeader("Authorization", auth);
    }
    return http.request(request)
      .compose(req -> req.send(body.toBuffer()))
      .transform(ar -> {
        if (ar.failed()) {
          // not reached: the next endpoint, once each
          if (tried + 1 < endpoints.size()) {
            return open(path, body, auth, tried + 1, bounded);
          }
          LOG.debug("etcd at {} did not answer {}", endpoint, path, ar.cause());
          if (ar.cause() instanceof java.util.concurrent.TimeoutException) {
            return Future.failedFuture(new MicroException(ERROR_ID, "etcd at " + endpoint + " did not answer in time", 504, ar.cause()));
          }
          return Future.failedFuture(new MicroException(ERROR_ID, "etcd at " + endpoint + " is unreachable", 503, ar.cause()));
        }
        current = index;
        HttpClientResponse response = ar.result();
        if (response.statusCode() == 200) {
          return Future.succeededFuture(response);
        }
        return response.body().compose(error -> Future.failedFuture(failure(endpoint, response.statusCode(), error)));
      });
  }

  /** etcd's gateway errors: {@code {"error","code","message"}} with gRPC codes. */
  private static MicroException failure(Endpoint endpoint, int status, Buffer body) {
    String message;
    int grpc;
    try {
      JsonObject error = body.toJsonObject();
      message = error.getString("message", error.getString("error", "status " + status));
      grpc = error.getInteger("code", -1);
    } catch (DecodeException | ClassCastException e) {
      message = "status " + status;
      grpc = -1;
    }
    int code = switch (grpc) {
      case 16 -> 401;
      case 7 -> 403;
      case 3 -> message.contains("authentication failed") ? 401 : 400;
      case 4 -> 504;
      case 14 -> 503;
      default -> status >= 500 ? 503 : status;
    };
    return new MicroException(ERROR_ID, "etcd at " + endpoint + ": " + message, code);
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (DecodeException e) {
      throw new MicroException(ERROR_ID, "etcd sent an answer that is not JSON", 502);
    }
  }

  private static boolean isStaleToken(Throwable err) {
    return err instanceof MicroException e && e.code() == 401 && e.getMessage().contains("invalid auth token");
  }

  /** The auth token (null without a user), fetched once and again when {@code renew}. */
  private Future<String> authorized(boolean renew) {
    if (options.getUsername() == null) {
      return Future.succeededFuture(null);
    }
    Future<String> known = token;
    if (known == null || renew || known.failed()) {
      JsonObject credentials = new JsonObject().put("name", options.getUsername())
        .put("password", options.getPassword() == null ? "" : options.getPassword());
      known = send("/v3/auth/authenticate", credentials, null, 0)
        .map(answer -> answer.getString("token"))
        .recover(err -> {
          if (err instanceof MicroException e && e.code() == 412) {
            return Future.succeededFuture(null); // authentication is not enabled on this etcd
          }
          if (err instanceof MicroException e && e.code() == 401) {
            return Future.failedFuture(new MicroException(ERROR_ID,
              "etcd at " + address() + " refused the credentials of user " + options.getUsername(), 401));
          }
          return Future.failedFuture(err);
        });
      token = known;
    }
    return known;
  }

  Future<Void> close() {
    // a running watch holds its connection: close at once rather than wait for it
    return http.shutdown(0, TimeUnit.SECONDS);
  }
}
