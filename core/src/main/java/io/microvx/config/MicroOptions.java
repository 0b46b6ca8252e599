package io.microvx.config;

import io.microvx.broker.BrokerOptions;
import io.microvx.client.ClientOptions;
import io.microvx.metrics.MetricsOptions;
import io.microvx.registry.CacheOptions;
import io.microvx.selector.SelectorOptions;
import io.microvx.server.ServerOptions;
import io.microvx.transport.HttpTransportOptions;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Every option of a service, read from one flat JSON object with go-micro's flag names (see
 * {@link MicroConfig}): the plugins by name ({@code registry}, {@code transport}, {@code selector},
 * {@code broker}) with their addresses, and the options of each part. Plugins get the whole object
 * and read their own keys.
 */
public class MicroOptions {

  /** micro server's registry, reached through its proxy API on 127.0.0.1:8081 (see {@code proxy_address}). */
  public static final String DEFAULT_REGISTRY = "proxy";
  public static final String DEFAULT_TRANSPORT = "http";
  public static final String DEFAULT_SELECTOR = "registry";
  /** micro server's broker, reached through its proxy API. */
  public static final String DEFAULT_BROKER = "proxy";

  private String registry = DEFAULT_REGISTRY;
  private String registryAddress;
  private String transport = DEFAULT_TRANSPORT;
  private String selector = DEFAULT_SELECTOR;
  private String broker = DEFAULT_BROKER;
  private String brokerAddress;
  private ServerOptions server = new ServerOptions();
  private ClientOptions client = new ClientOptions();
  private SelectorOptions selection = new SelectorOptions();
  private HttpTransportOptions httpTransport = new HttpTransportOptions();
  private CacheOptions cache = new CacheOptions();
  private BrokerOptions brokerOptions = new BrokerOptions();
  private MetricsOptions metrics = new MetricsOptions();
  private JsonObject raw = new JsonObject();

  public MicroOptions() {
  }

  public MicroOptions(MicroOptions other) {
    this(other.toJson());
  }

  public MicroOptions(JsonObject json) {
    this.raw = json.copy();
    this.registry = json.getString("registry", DEFAULT_REGISTRY);
    this.registryAddress = json.getString("registry_address");
    this.transport = json.getString("transport", DEFAULT_TRANSPORT);
    this.selector = json.getString("selector", DEFAULT_SELECTOR);
    this.broker = json.getString("broker", DEFAULT_BROKER);
    this.brokerAddress = json.getString("broker_address");
    this.server = new ServerOptions(json);
    this.client = new ClientOptions(json);
    this.selection = new SelectorOptions(json);
    this.httpTransport = new HttpTransportOptions(json);
    this.cache = new CacheOptions(json);
    this.brokerOptions = new BrokerOptions(json);
    this.metrics = new MetricsOptions(json);
  }

  /** The flat form: every part's keys, and any plugin keys given in. */
  public JsonObject toJson() {
    JsonObject json = raw.copy()
      .mergeIn(server.toJson())
      .mergeIn(client.toJson())
      .mergeIn(selection.toJson())
      .mergeIn(httpTransport.toJson())
      .mergeIn(cache.toJson())
      .mergeIn(brokerOptions.toJson())
      .mergeIn(metrics.toJson())
      .put("registry", registry)
      .put("transport", transport)
      .put("selector", selector)
      .put("broker", broker);
    if (registryAddress != null) {
      json.put("registry_address", registryAddress);
    }
    if (brokerAddress != null) {
      json.put("broker_address", brokerAddress);
    } else {
      json.remove("broker_address");
    }
    return json;
  }

  public String getRegistry() {
    return registry;
  }

  public MicroOptions setRegistry(String registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  public String getRegistryAddress() {
    return registryAddress;
  }

  public MicroOptions setRegistryAddress(String registryAddress) {
    this.registryAddress = registryAddress;
    return this;
  }

  public String getTransport() {
    return transport;
  }

  public MicroOptions setTransport(String transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return this;
  }

  public String getSelector() {
    return selector;
  }

  public MicroOptions setSelector(String selector) {
    this.selector = Objects.requireNonNull(selector, "selector");
    return this;
  }

  public String getBroker() {
    return broker;
  }

  public MicroOptions setBroker(String broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
    return this;
  }

  public String getBrokerAddress() {
    return brokerAddress;
  }

  public MicroOptions setBrokerAddress(String brokerAddress) {
    this.brokerAddress = brokerAddress;
    return this;
  }

  public ServerOptions getServer() {
    return server;
  }

  public MicroOptions setServer(ServerOptions server) {
    this.server = Objects.requireNonNull(server, "server");
    return this;
  }

  public ClientOptions getClient() {
    return client;
  }

  public MicroOptions setClient(ClientOptions client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  public SelectorOptions getSelection() {
    return selection;
  }

  public MicroOptions setSelection(SelectorOptions selection) {
    this.selection = Objects.requireNonNull(selection, "selection");
    return this;
  }

  public HttpTransportOptions getHttpTransport() {
    return httpTransport;
  }

  public MicroOptions setHttpTransport(HttpTransportOptions httpTransport) {
    this.httpTransport = Objects.requireNonNull(httpTransport, "httpTransport");
    return this;
  }

  public MetricsOptions getMetrics() {
    return metrics;
  }

  public MicroOptions setMetrics(MetricsOptions metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  public BrokerOptions getBrokerOptions() {
    return brokerOptions;
  }

  public MicroOptions setBrokerOptions(BrokerOptions brokerOptions) {
    this.brokerOptions = Objects.requireNonNull(brokerOptions, "brokerOptions");
    return this;
  }

  public CacheOptions getCache() {
    return cache;
  }

  public MicroOptions setCache(CacheOptions cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    return this;
  }
}
