package io.microvx.examples.greeter;

import io.microvx.client.Client;
import io.vertx.core.Future;

/** Calls the greeter by name: discovery, load balancing and retries come with the client. */
public final class GreeterClient {

  private final Client client;

  public GreeterClient(Client client) {
    this.client = client;
  }

  public Future<String> greet(String name) {
    return client.call("greeter", "Say.Hello", new HelloRequest(name), HelloResponse.class).map(HelloResponse::msg);
  }
}
