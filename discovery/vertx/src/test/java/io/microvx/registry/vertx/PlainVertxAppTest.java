package io.microvx.registry.vertx;

import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.impl.ServiceTypes;
import io.vertx.servicediscovery.types.HttpEndpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other way round: a micro service registered through the {@code vertx} registry on one member is an
 * {@code http-endpoint} record to a plain Vert.x app on another member, which finds it with
 * {@link HttpEndpoint#getWebClient} and calls it the way go-micro's http transport does.
 */
class PlainVertxAppTest {

  @Test
  void aPlainVertxAppOnAnotherMemberFindsAMicroServiceAndCallsIt() {
    List<Vertx> members = TestCluster.members();
    String name = "greeter-" + UUID.randomUUID().toString().substring(0, 8);
    Vertx serviceVertx = Vertx.vertx();
    Registry registry = VertxRegistryProvider.registry(members.get(0), TestCluster.options(null));
    MicroService greeter = TestServices.start(serviceVertx, registry, name, new Greeting.Say());
    ServiceDiscovery discovery = ServiceDiscovery.create(members.get(1));
    // Service Discovery reads its service types from the class path on first use, a blocking read the
    // library would do on an event loop: done here first, as a plain app's start-up would
    ServiceTypes.all().forEachRemaining(type -> { });
    new WebClientOptions(); // its class reads Vert.x's version from a jar once
    try {
      // what the plain app sees: a record of type http-endpoint named after the service
      Await.until("the record to reach the other member", () ->
        Await.result(discovery.getRecord(new JsonObject().put("name", name))) != null);
      Record record = Await.result(discovery.getRecord(new JsonObject().put("name", name)));
      assertThat(record.getType()).isEqualTo(HttpEndpoint.TYPE);
      assertThat(MicroRecords.service(record).name()).isEqualTo(name);

      WebClient client = Await.result(HttpEndpoint.getWebClient(discovery, new JsonObject().put("name", name)));
      HttpResponse<Buffer> response = Await.result(client.post("/")
        .putHeader("Content-Type", "application/json")
        .putHeader("Micro-Service", name)
        .putHeader("Micro-Endpoint", "Say.Hello")
        .sendJsonObject(new JsonObject().put("name", "Ada")));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
      ServiceDiscovery.releaseServiceObject(discovery, client);
    } finally {
      discovery.close();
      Await.result(greeter.stop());
      Await.result(registry.close());
      Await.result(serviceVertx.close());
    }
  }
}
