package io.microvx.transport;

import io.microvx.testing.TransportContract;

class HttpTransportContractTest extends TransportContract {

  @Override
  protected Transport newTransport() {
    return Transport.http(vertx, new HttpTransportOptions());
  }

  @Override
  protected String advertiseAddress() {
    return "10.9.8.7:7000";
  }
}
