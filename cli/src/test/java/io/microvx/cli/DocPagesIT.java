package io.microvx.cli;

import io.microvx.testing.Ci;
import io.microvx.testing.Namespaces;
import io.microvx.testing.PluginJars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.microvx.cli.ReadmeIT.START;
import static io.microvx.cli.ReadmeIT.serverReady;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands of docs/*.md, run as written on a host of the test's own (see {@link DocShell}); the build
 * recipes among them (mvn, scripts/) are run by {@code scripts/doc-commands run-recipes} instead.
 */
class DocPagesIT {

  private static final String DASHBOARD = "docs/dashboard.md";
  private static final String HELLO = "micro call greeter Say.Hello '{\"name\":\"Ada\"}'";

  private Namespaces network;
  private String host;
  private DocShell sh;
  private Path home;

  @BeforeEach
  void host(@TempDir Path home) throws Exception {
    this.home = home;
    network = Namespaces.network("10.253.0");
    host = network.host("docs", 1);
    sh = new DocShell(host, home);
  }

  @AfterEach
  void close() {
    try {
      sh.close();
    } finally {
      network.close();
    }
  }

  @Test
  void theDashboardRunsInEachWayItsPageShows() throws Exception {
    Processes.Running server = sh.start("README.md," + DASHBOARD, "./micro server");
    serverReady(server);
    assertThat(server.out).contains("web dashboard listening on 127.0.0.1:8082");
    server.terminate(START);

    serverReady(sh.start(DASHBOARD, "./micro server --no-web"));
    Processes.Running web = sh.start(DASHBOARD, "./micro web");
    web.awaitLine(l -> l.equals("web dashboard listening on 127.0.0.1:8082"), START);
    assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:8082/_/api/services")).isEqualTo("200");
    web.terminate(START);

    Processes.Running open = sh.start(DASHBOARD, "./micro web --web_address=0.0.0.0:8082 --web_auth_token=\"$(openssl rand -hex 16)\"");
    open.awaitLine(l -> l.startsWith("web dashboard listening on 0.0.0.0:8082"), START);
    assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + network.address(1) + ":8082/_/api/services"))
      .isEqualTo("401");
  }

  @Test
  void etcdAsTheRegistryAsTheRegistriesPageShowsIt() throws Exception {
    startEtcd();
    // first, as micro server's own dashboard takes the same port
    Processes.Running web = sh.start(DASHBOARD, "./micro web --registry=etcd --registry_address=127.0.0.1:2379");
    web.awaitLine(l -> l.equals("web dashboard listening on 127.0.0.1:8082"), START);
    web.terminate(START);

    serverReady(sh.start("docs/registries.md", "micro server --registry etcd --registry_address 127.0.0.1:2379"));
    sh.start("docs/registries.md", "MICRO_REGISTRY=etcd MICRO_REGISTRY_ADDRESS=127.0.0.1:2379 micro run examples/target/greeter.jar");
    awaitGreeter();
    assertThat(new JsonObject(sh.ok("docs/messaging.md", HELLO)).getString("msg")).isEqualTo("Hello Ada");
  }

  @Test
  void twoClusteredServersShareOneRegistry() throws Exception {
    Processes.Running first = sh.start("docs/registries.md",
      "micro server --no-api --no-web --proxy_address 127.0.0.1:8081 --cluster --cluster_port 5701");
    first.awaitLine(l -> l.equals("cluster micro: member 127.0.0.1:5701 of 1"), START);
    Processes.Running second = sh.start("docs/registries.md",
      "micro server --no-api --no-web --proxy_address 127.0.0.1:8091 --cluster --cluster_port 5702 --cluster_members 127.0.0.1:5701");
    second.awaitLine(l -> l.equals("cluster micro: member 127.0.0.1:5702 of 2"), START);
  }

  @Test
  void servicesOnNatsAsTheMessagingPageShowsThem() throws Exception {
    Ci.require(Ci.onPath("nats-server"), "nats-server is not installed (scripts/services/start nats installs it with apt)");
    sh.ok("docs/messaging.md", "nats-server -a 127.0.0.1 -p 4222 -js -sd ~/jetstream &");
    awaitListening(4222, "nats-server"); // sent to the background: micro server must not race its start
    serverReady(sh.start("docs/messaging.md", "MICRO_NATS_ADDRESS=nats://127.0.0.1:4222 micro server --transport nats --broker nats"));
    sh.start("docs/messaging.md", "MICRO_NATS_ADDRESS=nats://127.0.0.1:4222 MICRO_TRANSPORT=nats micro run examples/target/greeter.jar");
    awaitGreeter();
    assertThat(new JsonObject(sh.ok("docs/messaging.md", HELLO)).getString("msg")).isEqualTo("Hello Ada");
    assertThat(new JsonObject(sh.ok("docs/messaging.md", "curl -d '{\"name\":\"Ada\"}' localhost:8080/greeter/say/hello")))
      .isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @Test
  void servicesOnRabbitMqAsTheMessagingPageShowsThem() throws Exception {
    relayToTheMachine(5672, java.net.URI.create(io.microvx.testing.RealServers.rabbitmq()).getPort());
    String node = "MICRO_RABBITMQ_ADDRESS=amqp://guest:guest@127.0.0.1:5672";
    serverReady(sh.start("docs/messaging.md", node + " micro server --transport rabbitmq --broker rabbitmq"));
    sh.start("docs/messaging.md", node + " MICRO_TRANSPORT=rabbitmq micro run examples/target/greeter.jar");
    awaitGreeter();
    assertThat(new JsonObject(sh.ok("docs/messaging.md", HELLO)).getString("msg")).isEqualTo("Hello Ada");
  }

  @Test
  void metricsAsTheObservabilityPageShowsThem() throws Exception {
    String page = "docs/observability.md";
    serverReady(sh.start(page, "./micro server"));
    sh.start(page, "MICRO_METRICS_ADDRESS=127.0.0.1:9100 micro run examples/target/greeter.jar");
    awaitGreeter();
    assertThat(new JsonObject(sh.ok(page, HELLO)).getString("msg")).isEqualTo("Hello Ada");
    assertThat(sh.ok(page, "curl -s 127.0.0.1:9100/metrics | grep micro_server_requests_seconds_count"))
      .contains("micro_server_requests_seconds_count{endpoint=\"Say.Hello\",service=\"greeter\",status=\"200\"}");
    assertThat(new JsonObject(sh.ok(page, "curl -s -d '{\"name\":\"Ada\"}' localhost:8080/greeter/say/hello")))
      .isEqualTo(new JsonObject().put("msg", "Hello Ada"));
    assertThat(sh.ok(page, "curl -s localhost:8080/metrics | grep micro_client_calls_seconds_count"))
      .contains("micro_client_calls_seconds_count{endpoint=\"Say.Hello\",service=\"greeter\",status=\"200\"}");
  }

  @Test
  void aPluginFromThePluginsFolderAndFromMicroPluginPath() throws Exception {
    Path project = Files.createDirectories(home.resolve("project"));
    PluginJars.registry(project.resolve("myregistry.jar"), "my.MyRegistry", "myregistry", "memory");
    try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(
      Files.createDirectories(project.resolve("its-dependencies")).resolve("helper.jar")))) {
      jar.putNextEntry(new java.util.jar.JarEntry("my/helper.txt"));
      jar.write("a dependency of the plugin".getBytes());
    }
    Files.copy(Processes.GREETER_JAR, Files.createDirectories(project.resolve("target")).resolve("demo.jar"));
    sh.in(project);
    String page = "docs/plugins.md";
    sh.ok(page, "mkdir -p ~/.micro/plugins");
    sh.ok(page, "cp myregistry.jar its-dependencies/*.jar ~/.micro/plugins/");
    Processes.Running server = sh.start(page, "micro server --registry myregistry");
    serverReady(server);
    assertThat(server.out).contains("myregistry plugin: registry made");

    assertThat(sh.ok(page, "micro plugins")).contains("myregistry").contains(home.resolve(".micro/plugins/myregistry.jar").toString());
    JsonArray plugins = new JsonArray(sh.ok(page, "micro plugins --output json"));
    assertThat(plugins.stream().map(p -> ((JsonObject) p).getString("name"))).contains("myregistry", "memory");
    assertThat(sh.ok(page, "micro server --help")).contains("myregistry");

    Files.createDirectories(home.resolve("micro-plugins"));
    Files.copy(project.resolve("myregistry.jar"), home.resolve("micro-plugins/myregistry.jar"));
    Processes.Running service = sh.start(page, "MICRO_PLUGIN_PATH=~/micro-plugins micro run target/demo.jar --registry myregistry");
    service.awaitLine(l -> l.contains("greeter 1.0.0 listening on"), START);
  }

  @Test
  void theGreeterAnswersCurlOnTheWire() throws Exception {
    String page = "docs/protocol.md";
    sh.start(page, "java -cp examples/target/greeter.jar io.vertx.launcher.application.VertxApplication "
      + "io.microvx.examples.greeter.GreeterVerticle -conf '{\"server_address\":\"127.0.0.1:8090\",\"registry\":\"memory\"}' &");
    String curl = "curl -i http://127.0.0.1:8090/ -H 'Content-Type: application/json' "
      + "-H 'Micro-Service: greeter' -H 'Micro-Endpoint: Say.Hello' -d '{\"name\":\"Ada\"}'";
    long deadline = System.nanoTime() + START.toNanos();
    Processes.Result reply = sh.run(page, curl);
    while (!reply.out().contains("Hello Ada") && System.nanoTime() < deadline) {
      Processes.sleep(300);
      reply = sh.run(page, curl);
    }
    assertThat(reply.out()).startsWith("HTTP/1.1 200 OK").contains("{\"msg\":\"Hello Ada\"}");
  }

  @Test
  void theGatewayJarAloneAndItsHelp() throws Exception {
    String page = "docs/gateway.md";
    assertThat(sh.ok(page, "java -jar gateway/target/micro-api.jar --help")).contains("api_static_nodes");
    sh.start("README.md," + page,
      "java -jar gateway/target/micro-api.jar --api_address=127.0.0.1:8080 --registry=memory --api_static_nodes=greeter=127.0.0.1:8090");
    long deadline = System.nanoTime() + START.toNanos();
    while (!curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:8080/health").equals("200")) {
      assertThat(System.nanoTime()).as("the gateway to answer").isLessThan(deadline);
      Processes.sleep(300);
    }
  }

  private void awaitGreeter() throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (!curl("-s", "-d", "{\"name\":\"Ada\"}", "localhost:8080/greeter/say/hello").contains("Hello Ada")) {
      assertThat(System.nanoTime()).as("the greeter to be reachable through the gateway").isLessThan(deadline);
      Processes.sleep(300);
    }
  }

  private void startEtcd() throws Exception {
    Ci.require(Ci.onPath("etcd"), "etcd is not installed (scripts/services/start etcd installs it with apt)");
    Processes.Running etcd = new Processes().start(home, java.util.Map.of("ETCD_UNSUPPORTED_ARCH", ""),
      Namespaces.in(host, List.of("etcd", "--data-dir", home.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:2379", "--advertise-client-urls", "http://127.0.0.1:2379",
        "--listen-peer-urls", "http://127.0.0.1:2380")).toArray(String[]::new));
    etcd.awaitLine(l -> l.contains("ready to serve client requests"), START);
  }

  /**
   * On the test's host, 127.0.0.1:{@code port} leads to the machine's loopback port {@code to}: the page
   * names a server by its usual port, the test's server is the one scripts/test started (socat, each
   * connection's far end entered into this JVM's network namespace).
   */
  private void relayToTheMachine(int port, int to) throws Exception {
    Ci.require(Ci.onPath("socat"), "socat is not installed (scripts/test installs it)");
    String machine = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
    new Processes().start(home, java.util.Map.of(), Namespaces.in(host, List.of("socat",
      "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
      "EXEC:'nsenter --net=" + machine + " socat STDIO TCP\\:127.0.0.1\\:" + to + "'")).toArray(String[]::new));
    awaitListening(port, "the relay");
  }

  /** Waits until something listens on 127.0.0.1:{@code port} of the test's host. */
  private void awaitListening(int port, String what) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (new ProcessBuilder(Namespaces.in(host, List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port)))
      .start().waitFor() != 0) {
      assertThat(System.nanoTime()).as(what + " to listen on " + port).isLessThan(deadline);
      Processes.sleep(100);
    }
  }

  /** curl on the test's host (not a documented command: how the test looks). */
  private String curl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("curl"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(Namespaces.in(host, command)).start();
    String out = new String(curl.getInputStream().readAllBytes()).trim();
    curl.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return out;
  }
}
