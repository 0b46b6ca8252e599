package io.microvx.transport;

import io.microvx.testing.TransportContract;
import io.microvx.transport.fake.EventBusTransport;

/** The contract for a transport whose addresses are names, not {@code host:port}, and which has no streams. */
class EventBusTransportContractTest extends TransportContract {

  @Override
  protected Transport newTransport() {
    return new EventBusTransport(vertx);
  }

  @Override
  protected String listenAddress() {
    return null;
  }

  @Override
  protected String advertiseAddress() {
    return "micro.eventbus.advertised";
  }

  @Override
  protected boolean hasStreams() {
    return false;
  }
}
