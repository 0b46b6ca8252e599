package io.microvx.proxy;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code proxy} broker: go-micro's broker API served by a micro proxy. Publishing is
 * {@code POST /broker?topic=} (headers and raw body); a subscription is a WebSocket on
 * {@code /broker?topic=&queue=&durable=} receiving each message as
 * {@code {"Header":{…},"Body":"<base64>"}}. The proxy hands a message over when it is written to the
 * socket, so a nacked message is retried here, up to {@code broker_redeliveries} times, then dropped,
 * counted and logged. Subscriptions reconnect by themselves when the proxy comes back; a durable one is
 * kept by the proxy's broker while its socket is away.
 */
public final class ProxyBroker implements Broker {

  private final Vertx vertx;
  private final ProxyApi api;
  private final boolean ownsApi;
  private final BrokerOptions options;
  private final BrokerCounters counters = new BrokerCounters();
  private final List<ProxySubscription> subscriptions = new CopyOnWriteArrayList<>();

  public ProxyBroker(Vertx vertx, ProxyApi api, boolean ownsApi, BrokerOptions options) {
    this.vertx = vertx;
    this.api = api;
    this.ownsApi = ownsApi;
    this.options = new BrokerOptions(options);
  }

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public String address() {
    return api.address();
  }

  @Override
  public Future<Void> connect() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> disconnect() {
    Future<Void> unsubscribed = Future.all(List.copyOf(subscriptions).stream().map(ProxySubscription::unsubscribe).toList())
      .mapEmpty();
    return unsubscribed.eventually(() -> ownsApi ? api.close() : Future.succeededFuture());
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "publishing needs a topic"));
    }
    counters.published.increment();
    MultiMap headers = HttpHeaders.headers();
    message.headers().forEach(headers::set);
    headers.set(ProxyApi.SCRIPT_HEADER, "micro");
    return api.request(HttpMethod.POST, "/broker?topic=" + encode(topic), headers, message.body()).mapEmpty();
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "subscribing needs a topic"));
    }
    String uri = "/broker?topic=" + encode(topic)
      + (subscribeOptions.getQueue() == null ? "" : "&queue=" + encode(subscribeOptions.getQueue()))
      + (subscribeOptions.getDurable() == null ? "" : "&durable=" + encode(subscribeOptions.getDurable()));
    ProxySubscription subscription = new ProxySubscription(vertx, api, uri, topic, handler, subscribeOptions, options,
      counters, subscriptions::remove);
    return subscription.connect().map(v -> {
      subscriptions.add(subscription);
      return subscription;
    });
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
