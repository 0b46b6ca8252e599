package io.microvx.interop;

import com.google.protobuf.StringValue;
import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.interop.GoPeers.Peer;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unary calls over the http transport between real go-micro (v5 and v1.18) and this toolkit, both ways,
 * each call addressed to a node directly (no shared registry: {@link EtcdInteropIT} covers lookups).
 */
class UnaryInteropIT {

  private static final List<String> VERSIONS = GoPeers.VERSIONS;

  private final GoPeers go = new GoPeers();
  private final JavaSide java = JavaSide.standalone();

  @AfterEach
  void close() {
    go.close();
    java.close();
  }

  // Go client -> Java service

  private JavaGreeter.Say javaSay;

  private String javaGreeter() {
    javaSay = new JavaGreeter.Say(java.vertx, "greeter");
    MicroService greeter = java.greeter("greeter", javaSay);
    return greeter.server().address();
  }

  private JsonObject goCall(String version, String address, String endpoint, String request, String... more) {
    List<String> args = new ArrayList<>(List.of("--registry", "memory", "--service", "greeter", "--address", address,
      "--endpoint", endpoint, "--request", request));
    args.addAll(List.of(more));
    return go.run(version, "call", args);
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goClientCallsJavaWithJson(String version) {
    JsonObject out = goCall(version, javaGreeter(), "Say.Hello", "{\"name\":\"Ada\"}");
    assertThat(out.getJsonObject("reply")).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goClientCallsJavaWithProtobuf(String version) {
    JsonObject out = goCall(version, javaGreeter(), "Proto.Hello", "{\"name\":\"Ada\"}", "--proto");
    assertThat(out.getJsonObject("reply")).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goClientMetadataReachesJavaHandler(String version) {
    JsonObject out = goCall(version, javaGreeter(), "Say.Meta", "{}", "--metadata", "Trace-Id=t-42", "--metadata", "Tenant=acme");
    Map<String, Object> metadata = out.getJsonObject("reply").getJsonObject("metadata").getMap();
    assertThat(metadata).containsEntry("Trace-Id", "t-42").containsEntry("Tenant", "acme");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaErrorReachesGoClientAsGoMicroError(String version) {
    JsonObject out = goCall(version, javaGreeter(), "Say.Fail", "{\"code\":404,\"detail\":\"no such user\"}");
    assertThat(out.getJsonObject("error")).isEqualTo(new JsonObject()
      .put("id", "greeter").put("code", 404).put("detail", "no such user").put("status", "Not Found"));
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goClientTimeoutIsTheJavaHandlersDeadline(String version) {
    JsonObject out = goCall(version, javaGreeter(), "Say.Slow", "{\"millis\":0}", "--timeout", "3s");
    long left = out.getJsonObject("reply").getLong("deadline_millis");
    assertThat(left).isBetween(1L, 3000L);
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaHandlerPastGoClientsDeadlineIsCancelled(String version) {
    String address = javaGreeter();
    JsonObject out = goCall(version, address, "Say.Slow", "{\"millis\":60000}", "--timeout", "1s");
    assertThat(out.getJsonObject("error").getInteger("code")).isEqualTo(408);
    Await.until("the Java handler cancelled at the Go caller's deadline", Duration.ofSeconds(20),
      () -> javaSay.cancelled.contains("Say.Slow"));
  }

  // Java client -> Go service

  private Peer goGreeter(String version) {
    return go.start(version, "greeter", List.of("--registry", "memory"));
  }

  private CallOptions at(Peer greeter) {
    return new CallOptions().setAddress(greeter.address()).setRetries(0);
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaClientCallsGoWithJson(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    JavaGreeter.HelloResponse reply = Await.result(client.call("greeter", "Say.Hello", new JavaGreeter.HelloRequest("Ada"),
      JavaGreeter.HelloResponse.class, at(greeter)));
    assertThat(reply.msg()).isEqualTo("Hello Ada");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaClientCallsGoWithProtobuf(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    StringValue reply = Await.result(client.call("greeter", "Proto.Hello", StringValue.of("Ada"), StringValue.class,
      at(greeter).setContentType(Codecs.PROTOBUF)));
    assertThat(reply.getValue()).isEqualTo("Hello Ada");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaClientMetadataReachesGoHandler(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    JavaGreeter.MetaResponse reply = Await.result(client.call("greeter", "Say.Meta", new JavaGreeter.Empty(),
      JavaGreeter.MetaResponse.class, at(greeter).addMetadata("Trace-Id", "t-42").addMetadata("Tenant", "acme")));
    assertThat(reply.metadata()).containsEntry("Trace-Id", "t-42").containsEntry("Tenant", "acme");
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goErrorReachesJavaClientAsMicroException(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    Throwable failure = Await.failure(client.call("greeter", "Say.Fail", new JavaGreeter.FailRequest(409, "taken"),
      JavaGreeter.Empty.class, at(greeter)));
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.id()).isEqualTo("greeter");
      assertThat(e.code()).isEqualTo(409);
      assertThat(e.detail()).isEqualTo("taken");
      assertThat(e.status()).isEqualTo("Conflict");
    });
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void javaClientTimeoutIsTheGoHandlersDeadline(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    JavaGreeter.SlowResponse reply = Await.result(client.call("greeter", "Say.Slow", new JavaGreeter.SlowRequest(0),
      JavaGreeter.SlowResponse.class, at(greeter).setTimeout(Duration.ofSeconds(3))));
    assertThat(reply.deadline_millis()).isBetween(1L, 3000L);
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void goHandlerPastJavaClientsDeadlineIsCancelled(String version) {
    Peer greeter = goGreeter(version);
    Client client = java.directClient();
    Throwable failure = Await.failure(client.call("greeter", "Say.Slow", new JavaGreeter.SlowRequest(60_000),
      JavaGreeter.SlowResponse.class, at(greeter).setTimeout(Duration.ofSeconds(1))));
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(408));
    greeter.await(line -> "Say.Slow".equals(line.getString("cancelled")), Duration.ofSeconds(20));
  }
}
