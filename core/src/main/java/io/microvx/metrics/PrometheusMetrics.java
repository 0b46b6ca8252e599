package io.microvx.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microvx.broker.Broker;
import io.microvx.client.CallWrapper;
import io.microvx.client.Client;
import io.microvx.registry.CachingRegistry;
import io.microvx.selector.NodeStatus;
import io.microvx.selector.Selector;
import io.microvx.server.HandlerWrapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/** {@link Metrics} in a Micrometer Prometheus registry of its own. */
final class PrometheusMetrics implements Metrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricsOptions options;
  private final SeriesLimit servedLimit;
  private final ClientMeters client;
  private final SeriesLimit topicLimit;
  private final SeriesLimit ejectionLimit;
  private final ConcurrentHashMap<String, ServerMeters> servers = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Selector> selectors = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<MeteredBroker> brokers = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Boolean> ejectionMeters = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc;

  private static final int MAX_SELECTOR_SERVICES = 100;

  PrometheusMetrics(MetricsOptions options) {
    this.options = new MetricsOptions(options);
    int max = this.options.getMaxSeries();
    this.servedLimit = new SeriesLimit("server", max);
    this.client = new ClientMeters(registry, new SeriesLimit("client", max));
    this.topicLimit = new SeriesLimit("broker", max);
    this.ejectionLimit = new SeriesLimit("selector", max);
    if (this.options.isJvm()) {
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      gc = new JvmGcMetrics();
      gc.bindTo(registry);
    } else {
      gc = null;
    }
  }

  @Override
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public HandlerWrapper server(String service) {
    return servers.computeIfAbsent(service, s -> new ServerMeters(registry, s, servedLimit));
  }

  @Override
  public CallWrapper calls() {
    return client.calls();
  }

  @Override
  public CallWrapper attempts() {
    return client.attempts();
  }

  @Override
  public Broker broker(Broker broker) {
    counter("micro.broker.dropped", "Messages given up after their redeliveries", broker,
      b -> b.stats().dropped());
    counter("micro.broker.expired", "Messages dropped because their deadline passed before delivery", broker,
      b -> b.stats().expired());
    MeteredBroker metered = new MeteredBroker(broker, registry, topicLimit);
    brokers.add(metered);
    return metered;
  }

  @Override
  public void watch(CachingRegistry cache, Selector selector, Client client) {
    if (cache != null) {
      counter("micro.registry.cache.hits", "Lookups the registry cache answered itself", cache, CachingRegistry::hits);
      counter("micro.registry.cache.misses", "Lookups of services the registry cache did not hold", cache,
        CachingRegistry::misses);
      Gauge.builder("micro.registry.cache.stale.services", cache, c -> c.stale().size())
        .description("Services answered from the snapshot file because the registry could not answer")
        .register(registry);
      Gauge.builder("micro.registry.cache.staleness", cache, PrometheusMetrics::oldestStale)
        .description("Age of the oldest data answered from the snapshot file, 0 when all is current")
        .baseUnit("seconds")
        .register(registry);
    }
    if (selector != null) {
      selectors.add(selector);
    }
    if (client != null) {
      counter("micro.client.retries", "Attempts sent again after a failure", client, c -> c.stats().retries());
      counter("micro.client.retries.refused", "Retries the retry budget refused", client,
        c -> c.stats().retriesRefused());
      counter("micro.client.hedges", "Hedged requests sent to a second node", client, c -> c.stats().hedges());
      counter("micro.client.hedges.won", "Hedged requests that answered first", client, c -> c.stats().hedgesWon());
    }
  }

  private <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
    FunctionCounter.builder(name, source, count).description(description).register(registry);
  }

  private static double oldestStale(CachingRegistry cache) {
    Collection<Long> ages = cache.stale().values();
    return ages.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0;
  }

  /** Adds a counter for each service the selectors have ejected nodes of and that has none yet. */
  private void meterEjections() {
    for (Selector selector : selectors) {
      for (String service : selector.ejections().keySet()) {
        ejectionLimit.get(ejectionMeters, service, s -> {
          FunctionCounter.builder("micro.selector.ejections", selector, sel -> sel.ejections().getOrDefault(s, 0L))
            .description("Nodes the selector stopped sending to after failures, by service")
            .tag("service", s)
            .register(registry);
          return Boolean.TRUE;
        }, Boolean.FALSE);
      }
    }
  }

  @Override
  public String scrape() {
    meterEjections();
    return registry.scrape();
  }

  @Override
  public Map<String, Object> summary() {
    Map<String, Object> served = new LinkedHashMap<>();
    servers.values().forEach(server -> served.putAll(server.summary()));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("server", served);
    summary.put("client", client.summary());
    Map<String, Object> topics = new TreeMap<>();
    brokers.forEach(broker -> topics.putAll(broker.summary()));
    summary.put("broker", topics);
    summary.put("selector", selectorStates());
    return summary;
  }

  /** Per service called, the selector's view of each node (the first {@value #MAX_SELECTOR_SERVICES} services). */
  private Map<String, Object> selectorStates() {
    Map<String, Object> states = new TreeMap<>();
    for (Selector selector : selectors) {
      for (String service : new TreeSet<>(selector.ejections().keySet())) {
        if (states.size() >= MAX_SELECTOR_SERVICES) {
          return states;
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeStatus node : selector.status(service)) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("id", node.id());
          json.put("address", node.address());
          json.put("inflight", node.inflight());
          json.put("failures", node.consecutiveFailures());
          json.put("ejected", node.ejected());
          json.put("ejectedForMs", node.ejectedForMillis());
          json.put("ejections", node.ejections());
          json.put("lastFault", node.lastFault());
          nodes.add(json);
        }
        states.put(service, nodes);
      }
    }
    return states;
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
