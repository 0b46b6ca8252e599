package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.proxy.ProxyBroker;
import io.microvx.testing.BrokerContract;
import org.junit.jupiter.api.BeforeEach;

/** The broker contract through a proxy: the {@code proxy} broker plugin against micro server's memory broker. */
class ProxyBrokerContractTest extends BrokerContract {

  private ProxyFixture fixture;

  @BeforeEach
  void startProxy() {
    fixture = new ProxyFixture(vertx, new ProxyOptions().setAddress("127.0.0.1:0"), new BrokerOptions().setMaxPending(8));
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return new ProxyBroker(vertx, fixture.api(vertx), true, options);
  }

  @Override
  protected void awaitSubscribers(Broker publisher, String topic, int count) {
    // a subscription exists once its WebSocket is open, which subscribe() waits for
  }

  /** Socket buffers between the proxy and its subscriber hold a few hundred 16 KiB messages too. */
  @Override
  protected int stuckSubscriberBound() {
    return 2_000;
  }

  /** micro server's memory broker keeps a durable subscriber's messages while its socket is away. */
  @Override
  protected boolean keepsDurableSubscriptions() {
    return true;
  }

  @Override
  protected boolean canRestartBroker() {
    return true;
  }

  /** Stops the proxy (its sockets close) and starts another on the same port over the same broker. */
  @Override
  protected void restartBroker() {
    fixture.stop();
    fixture.restart();
  }

  /** The proxy routes publications, so its broker (its /stats) counts what nobody took. */
  @Override
  protected long unrouted(Broker publisher) {
    return fixture.broker.stats().unrouted();
  }
}
