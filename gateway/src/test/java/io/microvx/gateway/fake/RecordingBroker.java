package io.microvx.gateway.fake;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker that keeps what is published, for the event handler's tests (the real memory broker takes its
 * place once it lands). Like a broker with no subscriber it accepts every publication; it can be told to
 * refuse them, as a broker that lost its connection would.
 */
public final class RecordingBroker implements Broker {

  /** One publication. */
  public record Published(String topic, Message message) {
  }

  private final List<Published> published = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  public List<Published> published() {
    return List.copyOf(published);
  }

  public void refuse(boolean refusing) {
    this.refusing = refusing;
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public String address() {
    return null;
  }

  @Override
  public Future<Void> connect() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> disconnect() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions options) {
    if (refusing) {
      return Future.failedFuture(new IllegalStateException("broker not connected"));
    }
    published.add(new Published(topic, message));
    return Future.succeededFuture();
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions options) {
    return Future.failedFuture(new UnsupportedOperationException("the recording broker only records publications"));
  }

  @Override
  public BrokerStats stats() {
    return new BrokerStats(published.size(), published.size(), 0, 0, 0, 0);
  }
}
