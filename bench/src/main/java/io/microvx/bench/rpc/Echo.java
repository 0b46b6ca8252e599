package io.microvx.bench.rpc;

/** Our side of the RPC scenario: {@code Echo.Echo} answers with the request it decoded. */
public class Echo {

  public Payload echo(Payload request) {
    return request;
  }
}
