package io.microvx.registry.etcd;

import io.microvx.client.Client;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Greeting;
import io.microvx.transport.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processes of {@link AcrossHostsTest}, each run in a namespace of its own:
 * {@code greeter ETCD} serves {@code Say.Hello} answering with the host it runs on, on the default
 * address (every interface, advertising the host's own); {@code client ETCD} calls the greeter until every
 * registered node has answered, then prints {@code nodes ...} and {@code answered ...} and exits.
 */
public final class AcrossHostsMain {

  static final String SERVICE = "greeter.across";

  private AcrossHostsMain() {
  }

  /** {@code Say.Hello} saying which host answered. */
  public static class Say {
    private final String host;

    Say(String host) {
      this.host = host;
    }

    public Greeting.Response hello(Greeting.Request request) {
      return new Greeting.Response(host);
    }
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Registry etcd = EtcdRegistryProvider.create(vertx, new EtcdRegistryOptions().setEndpoints(List.of(args[1])));
    if (args[0].equals("greeter")) {
      String host = Addresses.privateAddress();
      MicroService greeter = MicroService.builder(vertx).name(SERVICE).version("1.0").set("broker", "memory")
        .registry(etcd).handler(new Say(host)).build();
      greeter.start().onSuccess(v -> System.out.println("registered " + greeter.server().service().nodes().get(0).address()))
        .onFailure(err -> {
          System.out.println("failed: " + err.getMessage());
          System.exit(1);
        });
      return;
    }
    MicroService client = MicroService.builder(vertx).name("client.across").set("broker", "memory").registry(etcd).build();
    Client calls = client.client();
    etcd.getService(SERVICE).compose(found -> {
      List<String> nodes = found.stream().flatMap(s -> s.nodes().stream()).map(Node::address).sorted().toList();
      System.out.println("nodes " + String.join(" ", nodes));
      return callUntilAllAnswered(calls, nodes.size(), new TreeSet<>(), 200);
    }).onComplete(ar -> {
      System.out.println(ar.succeeded() ? "answered " + String.join(" ", ar.result()) : "failed: " + ar.cause().getMessage());
      System.exit(ar.succeeded() ? 0 : 1);
    });
  }

  private static Future<Set<String>> callUntilAllAnswered(Client calls, int nodes, Set<String> answered, int left) {
    if (answered.size() == nodes || left == 0) {
      return Future.succeededFuture(answered);
    }
    return calls.call(SERVICE, "Say.Hello", new Greeting.Request("across"), Greeting.Response.class)
      .compose(response -> {
        answered.add(response.msg());
        return callUntilAllAnswered(calls, nodes, answered, left - 1);
      });
  }
}
