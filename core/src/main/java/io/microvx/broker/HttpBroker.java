package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.microvx.metadata.Ids;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Service;
import io.microvx.transport.Addresses;
import io.microvx.transport.Bodies;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * go-micro's http broker (v1.17+ layout). One listener per broker receives deliveries at
 * {@code POST /_sub?id=<node-id>} (go-micro v5 posts to {@code /?id=<node-id>}); each subscription
 * registers as a node of {@code go.micro.http.broker} ({@code broker_http_service}: go-micro v5's is
 * {@code micro.http.broker})
 * (version: its queue, or {@code ff.http.broadcast}; id {@code <topic>-<uuid>}; metadata
 * {@code broker=http}, {@code topic}, {@code secure}) with a TTL renewed on an interval. Publishing is
 * {@link HttpOutbox}'s.
 *
 * <p>A delivery is answered when the handler settles it: 200 for an ack, 500 with the error JSON for a
 * nack. While the handler has {@code max_in_flight} deliveries, further ones wait in arrival order (the
 * sender's connection held); past {@code broker_max_pending} waiting, the answer is 429 and the sender
 * tries later.
 */
final class HttpBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(HttpBroker.class);
  private static final long DRAIN_MS = 5_000;

  private final Vertx vertx;
  private final CachingRegistry registry;
  private final BrokerOptions options;
  private final int maxMessageSize;
  private final BrokerCounters counters = new BrokerCounters();
  private final Map<String, HttpSubscription> subscriptions = new ConcurrentHashMap<>();
  private final HttpOutbox outbox;
  private final io.vertx.core.http.HttpClient client;
  private volatile HttpServer listener;
  private volatile String advertised;
  private Future<Void> connecting;
  private volatile boolean disconnected;
  private long renewTimer = -1;

  HttpBroker(Vertx vertx, CachingRegistry registry, BrokerOptions options, int maxMessageSize) {
    this.vertx = vertx;
    this.registry = registry;
    this.options = new BrokerOptions(options);
    this.maxMessageSize = maxMessageSize;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setName("micro-http-broker"),
      new PoolOptions().setHttp1MaxSize(Math.max(8, options.getConcurrency())));
    this.outbox = new HttpOutbox(vertx, client, registry, this.options, counters);
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String address() {
    return advertised;
  }

  @Override
  public synchronized Future<Void> connect() {
    if (disconnected) {
      return Future.failedFuture(new IllegalStateException("this http broker was disconnected; make a new one"));
    }
    if (connecting == null) {
      String host = Addresses.hostOf(options.getAddress());
      int port;
      try {
        port = Integer.parseInt(options.getAddress().substring(options.getAddress().lastIndexOf(':') + 1));
      } catch (NumberFormatException e) {
        return Future.failedFuture(new IllegalArgumentException("invalid broker_address \""
          + options.getAddress() + "\": expected host:port"));
      }
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host.isEmpty() ? "0.0.0.0" : host)
        .setPort(port).setTcpNoDelay(true));
      server.requestHandler(this::receive);
      Future<Void> listening = server.listen()
        .compose(s -> vertx.executeBlocking(() -> Addresses.advertised(options.getAdvertise(), host, s.actualPort()), false))
        .map(address -> {
          listener = server;
          advertised = address;
          scheduleRenewal();
          log.debug("http broker listening on {}", address);
          return (Void) null;
        })
        .onFailure(err -> {
          synchronized (this) {
            connecting = null; // a later connect may try again (e.g. once the port is free)
          }
        });
      connecting = listening;
    }
    return connecting;
  }

  @Override
  public Future<Void> disconnect() {
    synchronized (this) {
      disconnected = true;
    }
    Future<Void> unsubscribed = Future.all(subscriptions.values().stream().map(this::unsubscribe).toList()).mapEmpty();
    return unsubscribed.eventually(() -> {
      synchronized (this) {
        if (renewTimer >= 0) {
          vertx.cancelTimer(renewTimer);
          renewTimer = -1;
        }
      }
      HttpServer server = listener;
      listener = null;
      Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
      // what was accepted for publishing still goes out, within reason, before the client closes
      return Future.all(closed, outbox.drained(DRAIN_MS).compose(v -> client.shutdown(1, TimeUnit.SECONDS)))
        .mapEmpty();
    });
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "publishing needs a topic"));
    }
    if (disconnected) {
      return Future.failedFuture(new MicroException("go.micro.broker", "the http broker is disconnected", 503));
    }
    return outbox.publish(topic, message, publishOptions.getTimeout().toMillis());
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "subscribing needs a topic"));
    }
    if (subscribeOptions.getDurable() != null) {
      return Future.failedFuture(new MicroException("go.micro.broker", "the http broker keeps nothing for absent"
        + " subscribers, so it has no durable subscriptions: choose a broker that has (memory, or a plugin)", 501));
    }
    Context context = vertx.getOrCreateContext();
    return connect().compose(v -> {
      String id = topic + "-" + Ids.uuid();
      String version = subscribeOptions.getQueue() != null ? subscribeOptions.getQueue() : HttpOutbox.BROADCAST;
      Node node = new Node(id, advertised, HttpOutbox.nodeMetadata(topic));
      Service registration = new Service(options.getHttpService(), version, List.of(node));
      HttpSubscription subscription = new HttpSubscription(this, id, topic, handler, subscribeOptions, options, counters,
        context, registration);
      subscriptions.put(id, subscription);
      return register(subscription)
        .onFailure(err -> subscriptions.remove(id))
        .map(subscription);
    });
  }

  Future<Void> unsubscribe(HttpSubscription subscription) {
    if (subscriptions.remove(subscription.id) == null) {
      return Future.succeededFuture();
    }
    subscription.close();
    return registry.deregister(subscription.registration);
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot();
  }

  private Future<Void> register(HttpSubscription subscription) {
    return registry.register(subscription.registration, new RegisterOptions().setTtl(options.getRegisterTtl()));
  }

  private synchronized void scheduleRenewal() {
    long interval = options.getRegisterInterval().toMillis();
    if (interval > 0 && renewTimer < 0) {
      renewTimer = vertx.setPeriodic(interval, id -> subscriptions.values().forEach(s -> register(s)
        .onFailure(err -> log.warn("renewing the subscription to {} failed: {}", s.topic, err.getMessage()))));
    }
  }

  /** {@code POST /_sub?id=<node-id>} (go-micro v1) or {@code POST /?id=<node-id>} (v5) with go-micro's envelope. */
  private void receive(HttpServerRequest request) {
    if (!"/_sub".equals(request.path()) && !"/".equals(request.path())) {
      answer(request, 404, MicroException.notFound("go.micro.broker", "no such path %s: deliveries go to /_sub", request.path()));
      return;
    }
    if (request.method() != HttpMethod.POST) {
      answer(request, 405, MicroException.methodNotAllowed("go.micro.broker", "deliveries are POSTed"));
      return;
    }
    Bodies.read(request, maxMessageSize).onComplete(ar -> {
      if (ar.succeeded()) {
        deliver(request, ar.result());
      } else if (ar.cause() instanceof MicroException refused) {
        answer(request, refused.code(), refused);
      }
    });
  }

  private void deliver(HttpServerRequest request, Buffer body) {
    Envelope.Decoded decoded;
    try {
      decoded = Envelope.decode(body);
    } catch (MicroException e) {
      answer(request, 400, e);
      return;
    }
    String id = request.getParam("id");
    HttpSubscription subscription = id == null ? null : subscriptions.get(id);
    if (subscription == null || !subscription.topic.equals(decoded.topic())) {
      answer(request, 404, MicroException.notFound("go.micro.broker", "no subscriber %s for topic %s", id, decoded.topic()));
      return;
    }
    Reply reply = new Reply(request, Vertx.currentContext(), decoded.topic(), id);
    if (!subscription.deliveries.offer(decoded.message(), 1, reply, options.getMaxPending())) {
      answer(request, 429, new MicroException("go.micro.broker", "the subscriber to " + decoded.topic() + " is busy", 429));
    }
  }

  /**
   * A delivery's answer to its sender: 200 for an ack, 500 for a nack (the sender retries or drops it), 404
   * when the subscription left before the handler took it.
   */
  record Reply(HttpServerRequest request, Context context, String topic, String subscriber) implements Settler {

    @Override
    public Future<Void> ack() {
      return send(200, null);
    }

    @Override
    public Future<Void> nack(Duration delay) {
      return send(500, MicroException.internalServerError("go.micro.broker", "the subscriber to %s failed the delivery", topic));
    }

    @Override
    public Future<Void> drop() {
      return nack(Duration.ZERO);
    }

    @Override
    public boolean senderRetries() {
      return true;
    }

    void refuse() {
      send(404, MicroException.notFound("go.micro.broker", "subscriber %s left before taking the delivery", subscriber));
    }

    private Future<Void> send(int status, MicroException error) {
      context.runOnContext(v -> answer(request, status, error));
      return Future.succeededFuture();
    }
  }

  private static void answer(HttpServerRequest request, int status, MicroException error) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    request.response().setStatusCode(status);
    if (error == null) {
      request.response().end();
    } else {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(error.toJson());
    }
  }
}
