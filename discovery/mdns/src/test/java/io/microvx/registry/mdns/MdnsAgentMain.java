package io.microvx.registry.mdns;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A process with an mDNS registry on one interface ({@code args[0]}), driven line by line on standard
 * input, as a service on another host would be; run inside a network namespace by
 * {@link MdnsAcrossNamespacesTest}. Commands and what each prints:
 * <pre>
 * register SERVICE ID ADDRESS TTL_SECONDS   registered ID MICROS   (renewed every third of a TTL above 0)
 * lookup SERVICE                            found ID,ID...
 * describe SERVICE                          described JSON (the service's versions, as the registry gives them)
 * watch SERVICE                             watching, then: event ACTION ID,ID... MICROS
 * stop (or the end of the input)            deregisters what it registered (a goodbye), closes, exits
 * </pre>
 * MICROS are microseconds since the epoch, read on this machine's one clock by every process.
 */
public final class MdnsAgentMain {

  private MdnsAgentMain() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    Registry registry = MdnsRegistryProvider.registry(vertx,
      new MdnsRegistryOptions().setNetworkInterface(args[0]).setTimeout(Duration.ofMillis(500)));
    Map<String, Service> registered = new ConcurrentHashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
      String[] words = line.trim().split(" ");
      switch (words[0]) {
        case "register" -> {
          Service service = new Service(words[1], "1.0", List.of(new Node(words[2], words[3])));
          int ttl = Integer.parseInt(words[4]);
          RegisterOptions options = new RegisterOptions().setTtl(Duration.ofSeconds(ttl));
          long micros = micros();
          get(registry.register(service, options));
          registered.put(words[2], service);
          if (ttl > 0) {
            vertx.setPeriodic(ttl * 1000L / 3, id -> registry.register(service, options));
          }
          print("registered " + words[2] + " " + micros);
        }
        case "lookup" -> print("found " + get(registry.getService(words[1])).stream()
          .flatMap(s -> s.nodes().stream()).map(Node::id).sorted().collect(Collectors.joining(",")));
        case "describe" -> print("described " + io.microvx.codec.Json.mapper()
          .writeValueAsString(get(registry.getService(words[1]))));
        case "watch" -> {
          get(registry.watch(new WatchOptions().setService(words[1]), event -> print("event "
            + event.action().wireName() + " "
            + event.service().nodes().stream().map(Node::id).collect(Collectors.joining(",")) + " " + micros())));
          print("watching");
        }
        default -> print("unknown command: " + line);
      }
    }
    for (Service service : registered.values()) {
      get(registry.deregister(service));
    }
    get(registry.close());
    get(vertx.close());
    print("stopped");
  }

  private static long micros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
