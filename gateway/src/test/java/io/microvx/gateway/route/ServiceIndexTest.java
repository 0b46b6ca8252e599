package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceIndexTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry memory = Registry.memory(vertx);
  private final ServiceIndex index = ServiceIndex.watching(vertx, memory, "go.micro.api");

  @AfterEach
  void close() {
    Await.result(index.close());
    Await.result(memory.close());
    Await.result(vertx.close());
  }

  private static Service service(String name, Map<String, String> endpointMetadata) {
    Endpoint endpoint = new Endpoint("Say.Hello", null, null, endpointMetadata);
    return new Service(name, "1.0", Map.of(), List.of(endpoint), List.of(new Node(name + "-1", "127.0.0.1:9")));
  }

  @Test
  void servicesWithoutRoutesAreIndexedWithoutRebuildingTheRouteList() {
    Await.result(memory.register(service("go.micro.api.greeter", Map.of("path", "^/hello$", "method", "POST"))));
    Await.result(index.start());
    List<MetadataRoute> routes = index.routes();
    assertThat(routes).extracting(MetadataRoute::service).containsExactly("go.micro.api.greeter");

    Await.result(Future.all(IntStream.range(0, 200)
      .mapToObj(i -> memory.register(service("plain-" + i, Map.of()))).toList()));
    Await.until("the index to hold the 200 services", () -> index.contains("plain-199") && index.contains("plain-0"));
    assertThat(index.endpoint("plain-7", "Say.Hello")).isNotNull();
    assertThat(index.routes()).isSameAs(routes);
  }

  @Test
  void routesComeAndGoWithTheServicesInTheNamespaceThatDeclareThem() {
    Await.result(index.start());
    Service routed = service("go.micro.api.billing", Map.of("path", "^/bill$"));
    Await.result(memory.register(routed));
    Await.result(memory.register(service("outsider", Map.of("path", "^/bill$"))));
    Await.until("the route to appear", () -> !index.routes().isEmpty() && index.contains("outsider"));
    assertThat(index.routes()).extracting(MetadataRoute::service).containsExactly("go.micro.api.billing");

    Await.result(memory.deregister(routed));
    Await.until("the route to go with the service", () -> index.routes().isEmpty());
    assertThat(index.contains("go.micro.api.billing")).isFalse();
    assertThat(index.contains("outsider")).isTrue();
  }
}
