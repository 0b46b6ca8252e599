package io.microvx.debug;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerStats;
import io.microvx.client.Client;
import io.microvx.client.ClientStats;
import io.microvx.codec.ProtobufWritable;
import io.microvx.metrics.Metrics;
import io.microvx.registry.CachingRegistry;
import io.microvx.server.Server;
import io.microvx.server.ServerStats;
import io.vertx.core.buffer.Buffer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The {@code Debug} handler every service serves (unlisted, as in go-micro): {@code Debug.Health} answers
 * {@code {"status":"ok"}}, {@code Debug.Stats} answers go-micro's stats plus request and error counts.
 * Both also answer protobuf callers (go-micro's {@code micro health} and {@code micro stats}) with
 * go-micro v1.18's field numbers. Requests are ignored, whatever their encoding.
 */
public final class Debug {

  private final Server server;
  private final Broker broker;
  private final Client client;
  private final CachingRegistry registry;
  private final Metrics metrics;

  /** The Debug handler of a server, reporting its broker's counters too when it has one. */
  public Debug(Server server, Broker broker) {
    this(server, broker, null);
  }

  /** The Debug handler of a service: its server, and the counters of its broker and client when it has them. */
  public Debug(Server server, Broker broker, Client client) {
    this(server, broker, client, null);
  }

  /**
   * The Debug handler of a service: its server, the counters of its broker and client, and which services
   * its registry cache answers from its snapshot file, when it has them.
   */
  public Debug(Server server, Broker broker, Client client, CachingRegistry registry) {
    this(server, broker, client, registry, null);
  }

  /** As above, with a summary of the service's metrics when it has them. */
  public Debug(Server server, Broker broker, Client client, CachingRegistry registry, Metrics metrics) {
    this.server = server;
    this.broker = broker;
    this.client = client;
    this.registry = registry;
    this.metrics = metrics;
  }

  public Health health(Buffer request) {
    return new Health("ok");
  }

  public Stats stats(Buffer request) {
    ServerStats counters = server.stats();
    long now = System.currentTimeMillis() / 1000;
    Runtime runtime = Runtime.getRuntime();
    long gcNanos = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcNanos += Math.max(0, gc.getCollectionTime()) * 1_000_000L;
    }
    return new Stats(now, counters.started(), now - counters.started(), runtime.totalMemory() - runtime.freeMemory(),
      ManagementFactory.getThreadMXBean().getThreadCount(), gcNanos, counters.requests(), counters.errors(),
      counters.reregistrations(), broker == null ? null : broker.stats(), client == null ? null : client.stats(),
      registry == null ? Map.of() : registry.stale(), metrics == null ? null : metrics.summary());
  }

  /** {@code Debug.Health}'s reply: {@code status=1}. */
  public record Health(String status) implements ProtobufWritable {
    @Override
    public Buffer toProtobuf() {
      return new ProtoWriter().string(1, status).toBuffer();
    }
  }

  /**
   * {@code Debug.Stats}'s reply: epoch seconds of now and of the start, uptime in seconds, heap in use in
   * bytes, live threads, total GC time in nanoseconds, calls received and failed since the start, and — JSON
   * only — times the node was registered again after the registry lost it, the broker's counters
   * (published, unrouted, delivered, failed, retried, dropped, expired) and the service client's (retries, retries
   * refused by the budget, hedges sent, won and refused), and the services the registry cache answers
   * from its snapshot file because the registry could not, each with the age of its data in milliseconds
   * ({@code stale}, empty when everything is current), and the metrics' summary ({@link Metrics#summary()}:
   * per endpoint served and per service and endpoint called, counts, errors, seconds and cumulative
   * latency buckets keyed by their upper bound in seconds; null when metrics are off).
   */
  public record Stats(long timestamp, long started, long uptime, long memory, long threads, long gc, long requests,
                      long errors, long reregistrations, BrokerStats broker, ClientStats client,
                      Map<String, Long> stale, Map<String, Object> metrics) implements ProtobufWritable {
    @Override
    public Buffer toProtobuf() {
      return new ProtoWriter()
        .uint64(1, timestamp).uint64(2, started).uint64(3, uptime).uint64(4, memory)
        .uint64(5, threads).uint64(6, gc).uint64(7, requests).uint64(8, errors)
        .toBuffer();
    }
  }
}
