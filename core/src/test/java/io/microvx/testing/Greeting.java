package io.microvx.testing;

/** The greeter's messages, as in go-micro's examples. */
public final class Greeting {

  private Greeting() {
  }

  public record Request(String name) {
  }

  public record Response(String msg) {
  }

  /** {@code Say.Hello}: {@code {"name":"Ada"}} → {@code {"msg":"Hello Ada"}}. */
  public static class Say {
    public Response hello(Request request) {
      return new Response("Hello " + request.name());
    }
  }
}
