package io.microvx.proxy.server;

import io.microvx.broker.BrokerOptions;
import io.microvx.errors.MicroException;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.proxy.ProxyRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyAuthTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void listeningBeyondLoopbackWithoutATokenIsRefused() {
    Throwable refused = Await.failure(vertx.deployVerticle(new ProxyVerticle(io.microvx.registry.Registry.memory(vertx), null,
      io.microvx.broker.Broker.memory(vertx, new BrokerOptions()), new ProxyOptions().setAddress("0.0.0.0:0"))));
    assertThat(refused).hasMessageContaining("reachable beyond this machine").hasMessageContaining("proxy_token");
  }

  @Test
  void beyondLoopbackEveryRequestNeedsTheToken() {
    ProxyFixture fixture = new ProxyFixture(vertx, new ProxyOptions().setAddress("0.0.0.0:0").setToken("s3cret-s3cret-s3cret"), new BrokerOptions());
    int port = fixture.proxy.port();
    WebClient web = WebClient.create(vertx);

    HttpResponse<Buffer> anonymous = Await.result(web.get(port, "127.0.0.1", "/registry").send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(MicroException.parse(anonymous.bodyAsString()).code()).isEqualTo(401);
    HttpResponse<Buffer> wrong = Await.result(web.post(port, "127.0.0.1", "/registry").bearerTokenAuthentication("guess")
      .sendBuffer(Buffer.buffer("{\"name\":\"x\",\"nodes\":[{\"id\":\"x-1\",\"address\":\"1.2.3.4:5\"}]}")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(Await.result(fixture.registry.listServices())).as("nothing touched").isEmpty();

    ProxyRegistry withToken = new ProxyRegistry(new ProxyApi(vertx,
      new ProxyClientOptions().setAddress("127.0.0.1:" + port).setToken("s3cret-s3cret-s3cret")), true);
    Await.result(withToken.register(new Service("billing", "1", List.of(new Node("b-1", "10.0.0.1:1")))));
    assertThat(Await.result(withToken.listServices())).extracting(Service::name).containsExactly("billing");
  }

  @Test
  void noProxyRunningIsOneClearLine() {
    ProxyRegistry nobody = new ProxyRegistry(new ProxyApi(vertx, new ProxyClientOptions().setAddress("127.0.0.1:1")), true);
    Throwable failure = Await.failure(nobody.listServices());
    assertThat(failure).isInstanceOf(MicroException.class);
    assertThat(((MicroException) failure).detail())
      .startsWith("nothing answers at 127.0.0.1:1: start one with `micro server`")
      .contains("MICRO_REGISTRY").doesNotContain("\n");
  }
}
