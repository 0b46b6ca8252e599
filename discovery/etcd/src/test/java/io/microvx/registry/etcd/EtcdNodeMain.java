package io.microvx.registry.etcd;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;

/**
 * A node in a process of its own, as a service would be: registers {@code <service> <node-id>} in the
 * etcd at {@code <address>} with a TTL of 2 s, renews it every 500 ms, prints {@code registered} and runs
 * until killed. Run by {@link EtcdKilledNodeTest}.
 */
public final class EtcdNodeMain {

  private EtcdNodeMain() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Registry registry = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(args[0])));
    Service service = new Service(args[1], "1.0", List.of(new Node(args[2], "127.0.0.1:4000")));
    RegisterOptions ttl = new RegisterOptions().setTtl(Duration.ofSeconds(2));
    registry.register(service, ttl).onComplete(ar -> {
      if (ar.failed()) {
        System.out.println("failed: " + ar.cause().getMessage());
        System.exit(1);
      }
      System.out.println("registered");
      vertx.setPeriodic(500, id -> registry.register(service, ttl));
    });
  }
}
