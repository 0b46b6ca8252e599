package io.microvx.interop;

import io.microvx.client.CallOptions;
import io.microvx.client.CallStream;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.interop.GoPeers.Peer;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams do not interoperate (docs/protocol.md, Streams: go-micro streams raw HTTP messages on a
 * hijacked socket, ours over a WebSocket): each side's stream caller gets a clear error, never a hang.
 */
class StreamInteropIT {

  private static final List<String> VERSIONS = GoPeers.VERSIONS;

  private final GoPeers go = new GoPeers();
  private final JavaSide java = JavaSide.standalone();

  @AfterEach
  void close() {
    go.close();
    java.close();
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goStreamCallerGetsAClearError(String version) {
    String address = java.greeter("greeter", new JavaGreeter.Say(java.vertx, "greeter")).server().address();
    JsonObject out = go.run(version, "call", List.of("--registry", "memory", "--service", "greeter", "--address", address,
      "--endpoint", "Say.Greetings", "--request", "{\"name\":\"Ada\",\"count\":3}", "--stream", "--timeout", "10s"));
    JsonObject error = out.getJsonObject("error");
    assertThat(error).as("the Go caller's result: %s", out).isNotNull();
    assertThat(error.getInteger("code")).isEqualTo(400);
    assertThat(error.getString("detail")).isEqualTo("endpoint Say.Greetings streams: open it as a stream (WebSocket upgrade), not a unary call");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaStreamCallerToGoGetsAClearError(String version) {
    Peer greeter = go.start(version, "greeter", List.of("--registry", "memory"));
    Client client = java.directClient();
    Future<CallStream<Object, JavaGreeter.HelloResponse>> opened = client.stream("greeter", "Say.Hello",
      new JavaGreeter.HelloRequest("Ada"), JavaGreeter.HelloResponse.class, new CallOptions().setAddress(greeter.address()));
    Future<Void> ended = opened.compose(stream -> {
      Promise<Void> done = Promise.promise();
      stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete()).handler(reply -> {
      });
      return done.future();
    });
    Throwable failure = Await.failure(ended);
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(501);
      assertThat(e.detail()).contains(greeter.address(), "does not stream over WebSocket");
    });
  }
}
