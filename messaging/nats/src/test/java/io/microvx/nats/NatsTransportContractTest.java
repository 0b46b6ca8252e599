package io.microvx.nats;

import io.microvx.testing.RealServers;
import io.microvx.testing.TransportContract;
import io.microvx.transport.Transport;

import java.util.List;

/** The transport contract over NATS request-reply, against the nats-server scripts/services started. */
class NatsTransportContractTest extends TransportContract {

  @Override
  protected Transport newTransport() {
    return NatsTransport.create(vertx, new NatsOptions().setServers(List.of(RealServers.nats())));
  }

  /** The server picks its subject. */
  @Override
  protected String listenAddress() {
    return null;
  }

  private final String advertised = "micro.nats.advertised." + System.nanoTime();

  @Override
  protected String advertiseAddress() {
    return advertised;
  }

  @Override
  protected boolean hasStreams() {
    return false;
  }
}
