package io.microvx.examples.greeter;

import io.microvx.errors.MicroException;
import io.smallrye.mutiny.Multi;

/** The greeter's handler: its public methods are endpoints, so {@code hello} is {@code Say.Hello}. */
public class Say {

  public HelloResponse hello(HelloRequest request) {
    if (request.name() == null || request.name().isBlank()) {
      throw MicroException.badRequest("greeter", "a name is required");
    }
    return new HelloResponse("Hello " + request.name());
  }

  /** {@code Say.Greetings}, a server stream: {@code count} greetings, produced as the caller reads them. */
  public Multi<HelloResponse> greetings(GreetingsRequest request) {
    if (request.count() < 0 || request.count() > 10_000) {
      throw MicroException.badRequest("greeter", "count must be within 0..10000");
    }
    return Multi.createFrom().range(1, request.count() + 1)
      .map(i -> new HelloResponse("Hello " + request.name() + " #" + i));
  }
}
