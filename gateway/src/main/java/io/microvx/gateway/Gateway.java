package io.microvx.gateway;

import io.microvx.broker.Broker;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.gateway.limit.RateLimits;
import io.microvx.gateway.metrics.GatewayMetrics;
import io.microvx.registry.Registry;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Objects;

/**
 * micro's API gateway: HTTP from the outside world to services, on one Vert.x HTTP server.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(vertx)
 *   .options(new GatewayOptions().setAddress("127.0.0.1:8080"))
 *   .registry(registry)
 *   .build();          // reads plugins from the class path: off the event loop
 * gateway.start();
 * }</pre>
 *
 * A request is resolved to a route ({@link io.microvx.gateway.route.Resolver}), checked
 * ({@link io.microvx.gateway.security.AccessControl}, {@link RateLimits}, body limit, deadline) and served
 * by its handler ({@link io.microvx.gateway.handler.GatewayHandler}). {@link GatewayVerticle} runs one
 * per event loop; {@link GatewayMain} is the stand-alone {@code micro api}.
 */
public interface Gateway {

  /** Lists the registry, starts watching it, and listens. */
  Future<Void> start();

  /** Stops listening (requests in flight finish), then closes what the gateway made itself. */
  Future<Void> stop();

  /** The port listened on, once started. */
  int port();

  /** The router serving requests, for embedding in a server of your own. */
  Router router();

  GatewayOptions options();

  static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** Collects the gateway's options and the parts it may share with others. */
  final class Builder {
    final Vertx vertx;
    GatewayOptions options = new GatewayOptions();
    JsonObject config = new JsonObject();
    Registry registry;
    Transport transport;
    Broker broker;
    GatewayMetrics metrics;
    RateLimits limits;
    ServiceWrappers wrappers;

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /** Options in code; {@link #config} overrides them key by key. */
    public Builder options(GatewayOptions options) {
      this.options = new GatewayOptions(options);
      return this;
    }

    /** Flat options (a {@code -conf} JSON, {@code MICRO_*} variables, flags) over those set in code. */
    public Builder config(JsonObject config) {
      this.config = config == null ? new JsonObject() : config.copy();
      return this;
    }

    /** The registry to read (not closed by the gateway); by default the one the options name. */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** The transport to call services with (not closed by the gateway); by default the one the options name. */
    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /** The broker the {@code event} handler publishes to; without one, events are not served. */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /** Metrics shared with other gateway instances; by default the gateway keeps its own. */
    public Builder metrics(GatewayMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * Wrappers around the gateway's requests, calls and publications, shared with other gateway instances
     * (not closed by the gateway); by default those of the wrapper plugins on the class path (tracing), the
     * gateway's own.
     */
    public Builder wrap(ServiceWrappers wrappers) {
      this.wrappers = wrappers;
      return this;
    }

    /** Rate limits shared with other gateway instances; by default the options' limits, per gateway. */
    public Builder limits(RateLimits limits) {
      this.limits = limits;
      return this;
    }

    /** The options in force: those in code with the config over them. */
    public GatewayOptions effectiveOptions() {
      return new GatewayOptions(options.toJson().mergeIn(config));
    }

    /** Builds the gateway; bad options or an unknown plugin fail here. Call it off the event loop. */
    public Gateway build() {
      return new DefaultGateway(this, effectiveOptions());
    }
  }
}
