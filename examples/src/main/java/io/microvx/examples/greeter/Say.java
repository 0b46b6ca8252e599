package io.microvx.examples.greeter;

import io.microvx.errors.MicroException;

/** The greeter's handler: its public methods are endpoints, so {@code hello} is {@code Say.Hello}. */
public class Say {

  public HelloResponse hello(HelloRequest request) {
    if (request.name() == null || request.name().isBlank()) {
      throw MicroException.badRequest("greeter", "a name is required");
    }
    return new HelloResponse("Hello " + request.name());
  }
}
