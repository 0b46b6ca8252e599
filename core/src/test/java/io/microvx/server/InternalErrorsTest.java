package io.microvx.server;

import io.microvx.errors.MicroException;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a caller learns of a failure inside a service: that it failed, and the request id the log has it under. */
class InternalErrorsTest {

  /** Fails as careless code does, with words about its insides. */
  public static class Broken {
    public Greeting.Response hello(Greeting.Request request) {
      throw new NullPointerException("Cannot invoke \"com.acme.internal.Vault.secret()\" because \"vault\" is null");
    }
  }

  /** A reply Jackson cannot write. */
  public static class Unwritable {
    public Object hello(Greeting.Request request) {
      return new Object() {
        public Object getSelf() {
          return this;
        }
      };
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private MicroException call(MicroService service, String body) {
    String address = service.server().service().nodes().get(0).address();
    int colon = address.lastIndexOf(':');
    HttpResponse<Buffer> reply = Await.result(WebClient.create(vertx)
      .post(Integer.parseInt(address.substring(colon + 1)), address.substring(0, colon), "/")
      .putHeader("Content-Type", "application/json").putHeader("Micro-Service", service.server().service().name())
      .putHeader("Micro-Endpoint", "Broken.Hello").putHeader("Micro-Method", "Broken.Hello").putHeader("Micro-Id", "req-42")
      .sendBuffer(Buffer.buffer(body)));
    String error = reply.getHeader("Micro-Error");
    assertThat(error).as("a Micro-Error header").isNotNull();
    return MicroException.parse(error);
  }

  @Test
  void aHandlersExceptionTextStaysInItsLog() {
    MicroService service = TestServices.start(vertx, registry, "broken", b -> b.handler("Broken", new Broken()));
    MicroException error = call(service, "{\"name\":\"Ada\"}");
    assertThat(error.code()).isEqualTo(500);
    assertThat(error.detail()).isEqualTo("internal error (request id req-42)");
    assertThat(error.toJson()).doesNotContain("Vault").doesNotContain("NullPointer");
  }

  @Test
  void jacksonsWordsStayInTheLog() {
    MicroService service = TestServices.start(vertx, registry, "broken", b -> b.handler("Broken", new Greeting.Say() {
    }));
    MicroException wrongType = callHello(service, "{\"name\":{\"nested\":true}}");
    assertThat(wrongType.code()).isEqualTo(400);
    assertThat(wrongType.detail()).contains("invalid JSON for Request").contains("field name")
      .doesNotContain("java.").doesNotContain("`").doesNotContain("Cannot deserialize");
    MicroException malformed = callHello(service, "{\"name\": ");
    assertThat(malformed.detail()).contains("malformed at line 1").doesNotContain("Unexpected end-of-input");

    MicroService unwritable = TestServices.start(vertx, registry, "unwritable", b -> b.handler("Broken", new Unwritable()));
    MicroException encode = call(unwritable, "{}");
    assertThat(encode.code()).isEqualTo(500);
    assertThat(encode.detail()).isEqualTo("cannot encode the reply as JSON (request id req-42)");
  }

  private MicroException callHello(MicroService service, String body) {
    String address = service.server().service().nodes().get(0).address();
    int colon = address.lastIndexOf(':');
    HttpResponse<Buffer> reply = Await.result(WebClient.create(vertx)
      .post(Integer.parseInt(address.substring(colon + 1)), address.substring(0, colon), "/")
      .putHeader("Content-Type", "application/json").putHeader("Micro-Service", "broken")
      .putHeader("Micro-Endpoint", "Broken.Hello").putHeader("Micro-Id", "req-7").sendBuffer(Buffer.buffer(body)));
    return MicroException.parse(reply.getHeader("Micro-Error"));
  }
}
