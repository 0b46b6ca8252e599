package io.microvx.registry.etcd;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the plugin keeps in etcd is go-micro's layout exactly, read back with plain HTTP calls to etcd; and
 * what a go-micro service writes there, byte for byte as Go's encoding/json writes it, is read by the plugin.
 */
class EtcdLayoutTest {

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private Vertx vertx;
  private Registry registry;
  private EtcdHttp etcd;

  @BeforeEach
  void start() {
    String address = RealServers.etcd();
    vertx = Vertx.vertx();
    etcd = new EtcdHttp(address);
    registry = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(address)));
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      Await.result(registry.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void eachNodeIsOneKeyHoldingTheServiceWithThatNodeUnderALeaseOfItsTtl() {
    String name = "api/go.micro.srv.layout-" + suffix;
    Endpoint hello = new Endpoint("Say.Hello", new Value("Request", "Request", List.of(new Value("name", "string"))),
      new Value("Response", "Response", List.of(new Value("msg", "string"))), Map.of());
    Service service = new Service(name, "1.0.0", Map.of("owner", "team-a"), List.of(hello), List.of(
      new Node("layout-" + suffix + "-1", "10.0.0.5:4001", Map.of("registry", "etcd", "protocol", "mucp")),
      new Node("layout-" + suffix + "-2", "10.0.0.6:4001", Map.of("registry", "etcd", "protocol", "mucp"))));
    Await.result(registry.register(service, new RegisterOptions().setTtl(Duration.ofSeconds(30))));

    String escaped = "/micro/registry/api-go.micro.srv.layout-" + suffix + "/";
    Map<String, JsonObject> keys = etcd.under(escaped);
    assertThat(keys).as("one key per node, '/' in the service name as '-'")
      .containsOnlyKeys(escaped + "layout-" + suffix + "-1", escaped + "layout-" + suffix + "-2");
    for (Node node : service.nodes()) {
      JsonObject entry = keys.get(escaped + node.id());
      JsonObject value = new JsonObject(entry.getString("value"));
      assertThat(value.fieldNames()).containsExactlyInAnyOrder("name", "version", "metadata", "endpoints", "nodes");
      assertThat(value.getString("name")).isEqualTo(name);
      assertThat(value.getString("version")).isEqualTo("1.0.0");
      assertThat(value.getJsonObject("metadata").getMap()).isEqualTo(Map.of("owner", "team-a"));
      assertThat(value.getJsonArray("nodes")).as("that node only").hasSize(1);
      JsonObject stored = value.getJsonArray("nodes").getJsonObject(0);
      assertThat(stored.fieldNames()).containsExactlyInAnyOrder("id", "address", "metadata");
      assertThat(stored.getString("id")).isEqualTo(node.id());
      assertThat(stored.getString("address")).isEqualTo(node.address());
      JsonObject endpoint = value.getJsonArray("endpoints").getJsonObject(0);
      assertThat(endpoint.fieldNames()).containsExactlyInAnyOrder("name", "request", "response", "metadata");
      assertThat(endpoint.getJsonObject("request").fieldNames()).containsExactlyInAnyOrder("name", "type", "values");
      assertThat(entry.getString("lease")).as("under a lease").isNotEqualTo("0");
      assertThat(etcd.grantedTtl(entry.getString("lease"))).as("of the registration's TTL").isEqualTo(30);
    }

    Await.result(registry.deregister(service));
    assertThat(etcd.under(escaped)).as("deregistering deletes the keys").isEmpty();
  }

  @Test
  void whatAGoMicroServiceWroteIsReadAndWatched() {
    String name = "go.micro.srv.go-" + suffix;
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(registry.watch(new WatchOptions().setService(name), events::add));
    // as Go's encoding/json writes go-micro's registry.Service: no omitempty, empty fields null
    String goValue = "{\"name\":\"" + name + "\",\"version\":\"2019.12.01.10.00\",\"metadata\":null,"
      + "\"endpoints\":[{\"name\":\"Say.Hello\",\"request\":{\"name\":\"Request\",\"type\":\"Request\",\"values\":"
      + "[{\"name\":\"name\",\"type\":\"string\",\"values\":null}]},\"response\":{\"name\":\"Response\",\"type\":"
      + "\"Response\",\"values\":[{\"name\":\"msg\",\"type\":\"string\",\"values\":null}]},\"metadata\":{}}],"
      + "\"nodes\":[{\"id\":\"" + name + "-0b3c\",\"address\":\"10.0.0.7:41234\",\"metadata\":{\"broker\":\"http\","
      + "\"protocol\":\"mucp\",\"registry\":\"etcd\",\"server\":\"mucp\",\"transport\":\"http\"}}]}";
    String key = "/micro/registry/" + name + "/" + name + "-0b3c";
    etcd.put(key, goValue);
    try {
      List<Service> found = Await.result(registry.getService(name));
      assertThat(found).singleElement().satisfies(service -> {
        assertThat(service.version()).isEqualTo("2019.12.01.10.00");
        assertThat(service.endpoint("Say.Hello").request().values()).extracting(Value::name).containsExactly("name");
        assertThat(service.nodes()).singleElement().satisfies(node -> {
          assertThat(node.address()).isEqualTo("10.0.0.7:41234");
          assertThat(node.metadata()).containsEntry("protocol", "mucp");
        });
      });
      Await.until("the watch to see the Go node", () -> !events.isEmpty());
      assertThat(events.get(0).action()).isEqualTo(WatchEvent.Action.CREATE);

      etcd.delete(key);
      Await.until("the watch to see it go", () -> events.size() >= 2);
      assertThat(events.get(1).action()).isEqualTo(WatchEvent.Action.DELETE);
      assertThat(events.get(1).service().version()).as("the version, from the previous value").isEqualTo("2019.12.01.10.00");
    } finally {
      etcd.delete(key);
      Await.result(watcher.stop());
    }
  }
}
