package io.microvx.metrics;

import io.microvx.broker.Broker;
import io.microvx.client.CallWrapper;
import io.microvx.client.Client;
import io.microvx.registry.CachingRegistry;
import io.microvx.selector.Selector;
import io.microvx.server.HandlerWrapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.Map;

/**
 * A service's meters, kept in a Micrometer registry and read in Prometheus' text format. They are taken by
 * wrappers around one call each, never by flags inside the client or server:
 *
 * <ul>
 *   <li>{@link #server} around every handler call: {@code micro_server_requests_seconds} by
 *   {@code service}, {@code endpoint} and {@code status} (go-micro's error code, 200 for success);</li>
 *   <li>{@link #calls} around every client call, retries included: {@code micro_client_calls_seconds} by the
 *   called {@code service}, {@code endpoint} and {@code status}; {@link #attempts} around each attempt:
 *   {@code micro_client_attempts_total}, also by {@code attempt} ({@code first} or {@code retry});</li>
 *   <li>{@link #broker} around the broker: {@code micro_broker_published_total} by {@code topic} and
 *   {@code status}, and per topic {@code _delivered_total}, {@code _redelivered_total}, {@code _acked_total},
 *   {@code _nacked_total};</li>
 *   <li>{@link #watch} reads counters the parts keep: the registry cache's hits, misses and stale services,
 *   the selector's ejections by service, the client's retries and hedges.</li>
 * </ul>
 *
 * Labels never carry ids or raw paths; each family tracks at most {@link MetricsOptions#getMaxSeries()}
 * endpoints or topics, beyond which new ones are not recorded (logged once). Thread-safe.
 */
public interface Metrics {

  /** The media type of {@link #scrape()}'s text, as a {@code /metrics} answer names it. */
  String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The Micrometer registry, where a service may add meters of its own. */
  MeterRegistry registry();

  /** Measures the handler calls of a server serving {@code service}; {@code Debug.*} calls are not counted. */
  HandlerWrapper server(String service);

  /** Measures whole client calls (add with {@link Client.Builder#wrap}). */
  CallWrapper calls();

  /** Counts each attempt of a client call (add with {@link Client.Builder#wrapAttempt}). */
  CallWrapper attempts();

  /** The broker, with its publications and deliveries counted per topic. */
  Broker broker(Broker broker);

  /** Adds meters reading the counters of a service's parts; any may be null. */
  void watch(CachingRegistry cache, Selector selector, Client client);

  /** Every meter in Prometheus' text format (version 0.0.4). */
  String scrape();

  /**
   * A summary for {@code Debug.Stats}: {@code server}, per endpoint served, its requests, errors, seconds
   * spent and cumulative latency buckets; {@code client}, per service called, per endpoint, the same for
   * calls; {@code broker}, per topic, messages published, delivered, redelivered, acked and nacked;
   * {@code selector}, per service called, each node as the selector sees it (in flight, failures in a row,
   * ejected and for how long, ejections, the last failure's status).
   */
  Map<String, Object> summary();

  /**
   * Serves these metrics at {@code /metrics} on the options' {@code metrics_address}. Fails when no address
   * is set, or when it is reachable beyond this machine and no {@code metrics_token} is set.
   */
  default Future<HttpServer> serve(Vertx vertx, MetricsOptions options) {
    return MetricsEndpoint.start(vertx, this, options);
  }

  /** Stops the meters that hold resources (the JVM's GC listener). */
  void close();

  /** Meters in a Prometheus registry of their own. */
  static Metrics prometheus(MetricsOptions options) {
    return new PrometheusMetrics(options);
  }
}
