package io.microvx.server;

import io.microvx.codec.Codecs;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves handler objects as endpoints and registers them, go-micro's {@code server.Server}.
 *
 * <p>Each public method of a handler taking one request (and optionally a
 * {@link io.microvx.metadata.CallContext}) becomes endpoint {@code Handler.Method}: {@code Say.hello}
 * is {@code Say.Hello}. Methods may return {@code T}, {@code Future<T>}, {@code Uni<T>} or
 * {@code CompletionStage<T>}; returning {@code Multi<T>} makes a server stream, and taking
 * {@code Multi<Req>} as well a bidirectional one. {@link Blocking} methods run on a worker.
 *
 * <p>{@link #start()} listens, then registers the service with its endpoints' request and response
 * shapes, renewing the registration (TTL 60 s, every 30 s by default). The caller's deadline is enforced:
 * when it passes the caller gets 408 and the work is cancelled ({@code Uni} subscriptions cancelled,
 * {@link io.microvx.metadata.CallContext#isCancelled()} set). {@link #stop()} deregisters, stops accepting,
 * lets calls in flight finish (bounded by {@code server_shutdown_timeout}) and closes.
 */
public interface Server {

  /** Serves the object's methods under its class's simple name. */
  Server handle(Object handler);

  /** Serves the object's methods under the given handler name. */
  Server handle(String name, Object handler);

  /** Serves the object's methods without listing them in the registry, as go-micro does for Debug. */
  Server handleInternal(String name, Object handler);

  /**
   * Subscribes the object's methods to a topic: each public method taking one message (decoded by the
   * message's {@code Content-Type}) gets every message; they are listed in the registry with
   * {@code subscriber=true} and {@code topic}, and unsubscribed when the server stops. Publications sent
   * over the transport with {@code Micro-Topic} reach them too. Expired messages are dropped or handed over
   * as the server's {@code drop_expired} option says ({@link ServerOptions#setDropExpired}).
   */
  default Server subscribe(String topic, Object handler) {
    return subscribe(topic, handler, new io.microvx.broker.SubscribeOptions());
  }

  /** Subscribes with options: a queue group shares the messages among its members. */
  Server subscribe(String topic, Object handler, io.microvx.broker.SubscribeOptions options);

  /** Adds a wrapper around every unary handler call; the first added is outermost. */
  Server wrap(HandlerWrapper wrapper);

  /**
   * Declares how the API gateway routes to an endpoint ({@code "Notes.Create"}), as go-micro's
   * {@code api.WithEndpoint}; it wins over the method's {@link ApiEndpoint} annotation. The endpoint must
   * be served by a handler when the server starts.
   */
  Server endpoint(String endpoint, EndpointOptions options);

  /** Adds node metadata (e.g. the broker in use) to what is registered. */
  Server nodeMetadata(String key, String value);

  Future<Void> start();

  /** Graceful stop: deregister, stop accepting, finish calls in flight (bounded), close. */
  Future<Void> stop();

  ServerOptions options();

  /** The service as registered (name, version, endpoints, this node), once started. */
  Service service();

  /** The advertised {@code host:port}, once started. */
  String address();

  ServerStats stats();

  static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** Assembles a server; the registry and transport are required. */
  final class Builder {
    private final Vertx vertx;
    private ServerOptions options = new ServerOptions();
    private Registry registry;
    private Transport transport;
    private Codecs codecs = Codecs.defaults();
    private io.microvx.broker.Broker broker;
    private final List<HandlerWrapper> wrappers = new ArrayList<>();
    private final Map<String, String> nodeMetadata = new HashMap<>();

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    public Builder options(ServerOptions options) {
      this.options = new ServerOptions(options);
      return this;
    }

    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /** The broker subscribers subscribe through; needed only when there are subscribers. */
    public Builder broker(io.microvx.broker.Broker broker) {
      this.broker = broker;
      return this;
    }

    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    public Builder wrap(HandlerWrapper wrapper) {
      wrappers.add(Objects.requireNonNull(wrapper, "wrapper"));
      return this;
    }

    public Builder nodeMetadata(String key, String value) {
      nodeMetadata.put(key, value);
      return this;
    }

    public Server build() {
      Objects.requireNonNull(registry, "a server needs a registry");
      Objects.requireNonNull(transport, "a server needs a transport");
      RpcServer server = new RpcServer(vertx, options, registry, transport, codecs, broker);
      wrappers.forEach(server::wrap);
      nodeMetadata.forEach(server::nodeMetadata);
      return server;
    }
  }
}
