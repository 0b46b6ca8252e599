package io.microvx.broker;

import io.microvx.testing.BrokerContract;

class MemoryBrokerTest extends BrokerContract {

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return Broker.sharedMemory(vertx, "memory-broker-test-" + System.identityHashCode(this), options);
  }
}
