package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a new user meets it: {@code micro server} as its own process, the greeter started by
 * {@code micro run} in another, and every command run from outside this JVM, checking what it prints
 * and its exit status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MicroCliIT {

  private static final Processes processes = new Processes();
  private static Processes.Running server;
  private static Processes.Running greeter;
  private static Map<String, String> env;
  private static int webPort;
  private static long readyMillis;
  /** What "small" means for micro server: 110 MiB measured here (2 cores, 24 GiB, JDK 17), with room for JIT and GC. */
  private static final long MAX_RSS_MIB = 256;

  @BeforeAll
  static void startServerAndGreeter() throws Exception {
    // every part on a port the system picks, read back from what micro server says
    long began = System.nanoTime();
    server = processes.micro(Map.of(), "server", "--proxy_address", "127.0.0.1:0", "--api_address", "127.0.0.1:0",
      "--web_address", "127.0.0.1:0");
    String proxy = server.awaitProxyAddress(Duration.ofSeconds(60));
    readyMillis = (System.nanoTime() - began) / 1_000_000;
    env = Map.of("MICRO_PROXY_ADDRESS", proxy);
    webPort = Processes.listeningPort(server.awaitLine(l -> l.startsWith("web dashboard listening on 127.0.0.1:"), Duration.ofSeconds(10)));
    greeter = processes.micro(env, "run", Processes.GREETER_JAR.toString());
    processes.awaitService(env, "greeter");
  }

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  @Order(1)
  void theServerSaysWhereItListensAndStaysSmall() throws Exception {
    assertThat(server.out).anyMatch(l -> l.startsWith("registry memory, broker memory"));
    assertThat(server.out).anyMatch(l -> l.startsWith("api gateway listening on 127.0.0.1:"));
    long rss = server.rssMib();
    System.out.printf("micro server: listening %d ms after the command, RSS %d MiB%n", readyMillis, rss);
    // registry, broker, proxy, gateway and dashboard in one JVM, having served a registration and calls
    assertThat(rss).as("resident MiB").isBetween(1L, MAX_RSS_MIB);
  }

  @Test
  @Order(2)
  void listGetCallAndHealthWork() throws Exception {
    Processes.Result list = processes.run(env, null, "list", "services");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("SERVICE").contains("greeter");

    Processes.Result get = processes.run(env, null, "get", "service", "greeter");
    assertThat(get.exit()).isZero();
    assertThat(get.out()).contains("endpoint Say.Hello").contains("request  HelloRequest {name string}")
      .contains("endpoint Say.Greetings  (stream)");

    Processes.Result call = processes.run(env, null, "call", "greeter", "Say.Hello", "{\"name\":\"Ada\"}");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(new JsonObject(call.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));

    Processes.Result health = processes.run(env, null, "health", "greeter");
    assertThat(health.exit()).isZero();
    assertThat(health.out()).contains("STATUS").containsPattern("127\\.0\\.0\\.1:\\d+ +1\\.0\\.0 +ok");

    Processes.Result stats = processes.run(env, null, "stats", "greeter", "--output", "json");
    assertThat(stats.exit()).isZero();
    assertThat(new JsonArray(stats.out()).getJsonObject(0).getLong("requests")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(2)
  void theWebDashboardShowsAndCallsTheGreeter() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + webPort);
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    HttpResponse<String> services = http.send(HttpRequest.newBuilder(base.resolve("/_/api/services")).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(services.body()).contains("\"name\":\"greeter\"");
    HttpResponse<String> call = http.send(HttpRequest.newBuilder(base.resolve("/_/api/call"))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"greeter\",\"endpoint\":\"Say.Hello\",\"request\":{\"name\":\"Ada\"}}"))
      .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(call.body()).getJsonObject("reply")).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @Test
  @Order(2)
  void microWebRunsTheDashboardAloneOverTheProxy() throws Exception {
    Processes.Running web = processes.micro(env, "web", "--web_address=127.0.0.1:0");
    int port = Processes.listeningPort(web.awaitLine(l -> l.startsWith("web dashboard listening on 127.0.0.1:"), Duration.ofSeconds(60)));
    HttpResponse<String> services = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + port + "/_/api/services")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(services.body()).contains("\"registry\":\"proxy\"").contains("\"name\":\"greeter\"");
    assertThat(web.terminate(Duration.ofSeconds(30))).isZero();
  }

  @Test
  @Order(3)
  void aStreamPrintsEachReply() throws Exception {
    Processes.Result stream = processes.run(env, null, "stream", "greeter", "Say.Greetings", "{\"name\":\"Bo\",\"count\":3}",
      "--output", "json");
    assertThat(stream.exit()).as(stream.err()).isZero();
    assertThat(stream.out().lines()).containsExactly("{\"msg\":\"Hello Bo #1\"}", "{\"msg\":\"Hello Bo #2\"}",
      "{\"msg\":\"Hello Bo #3\"}");
  }

  @Test
  @Order(4)
  void aPublicationReachesASubscriber() throws Exception {
    Processes.Running subscriber = processes.micro(env, "subscribe", "user.signup", "--count", "1");
    subscriber.awaitLine(l -> l.startsWith("subscribed to user.signup"), Duration.ofSeconds(30));
    Processes.Result publish = processes.run(env, null, "publish", "user.signup", "{\"email\":\"ada@example.com\"}");
    assertThat(publish.exit()).isZero();
    subscriber.awaitLine(l -> l.contains("ada@example.com"), Duration.ofSeconds(30));
    assertThat(subscriber.process.waitFor()).isZero();
  }

  @Test
  @Order(4)
  void aDurableSubscriberGetsWhatWasPublishedWhileItWasAway() throws Exception {
    Processes.Running first = processes.micro(env, "subscribe", "orders", "--durable", "billing", "--count", "1");
    first.awaitLine(l -> l.equals("subscribed to orders as durable billing"), Duration.ofSeconds(30));
    assertThat(processes.run(env, null, "publish", "orders", "{\"order\":1}").exit()).isZero();
    first.awaitLine(l -> l.contains("\"order\":1"), Duration.ofSeconds(30));
    assertThat(first.process.waitFor()).isZero();

    assertThat(processes.run(env, null, "publish", "orders", "{\"order\":2}").exit()).isZero();
    Processes.Running again = processes.micro(env, "subscribe", "orders", "--durable", "billing", "--count", "1");
    again.awaitLine(l -> l.contains("\"order\":2"), Duration.ofSeconds(30));
    assertThat(again.process.waitFor()).isZero();
  }

  @Test
  @Order(5)
  void badInputIsOneLineAndExitTwo() throws Exception {
    Processes.Result badJson = processes.run(env, null, "call", "greeter", "Say.Hello", "{\"name\":");
    assertThat(badJson.exit()).isEqualTo(2);
    assertThat(badJson.err().lines()).hasSize(1).allMatch(l -> l.startsWith("micro: the request is not a JSON object"));
    Processes.Result badUsage = processes.run(env, null, "list", "servces");
    assertThat(badUsage.exit()).isEqualTo(2);
    assertThat(badUsage.err()).contains("micro list --help").doesNotContain("Exception");
    Processes.Result unknown = processes.run(env, null, "call", "nobody", "Say.Hello", "{}");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("micro: service nobody: not found (404 Not Found)");
    Processes.Result refused = processes.run(env, null, "call", "greeter", "Say.Hello", "{\"name\":\"\"}");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("micro: a name is required (400 Bad Request)");
    Processes.Result samePort = processes.run(Map.of(), null, "server", "--api_address", "127.0.0.1:8081");
    assertThat(samePort.exit()).isEqualTo(2);
    assertThat(samePort.err()).startsWith("micro: --api_address and --proxy_address both use port 8081");
  }

  @Test
  @Order(6)
  void withNothingListeningItSaysWhatToDo() throws Exception {
    Processes.Result nobody = processes.run(Map.of("MICRO_PROXY_ADDRESS", "127.0.0.1:" + Processes.freePort()), null,
      "list", "services");
    assertThat(nobody.exit()).isEqualTo(1);
    assertThat(nobody.err().lines()).hasSize(1).allMatch(l -> l.contains("start one with `micro server`"));
    // the CLI has looked no registry up: it names none, least of all one that is not there
    assertThat(nobody.err()).endsWith("choose a registry with MICRO_REGISTRY (`micro plugins` lists them) (503 Service Unavailable)")
      .doesNotContain("etcd");
    assertThat(nobody.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Order(7)
  void aRemoteProxyWantsItsTokenOverHttps(@TempDir Path certs) throws Exception {
    // the README's remote recipe: the proxy serves HTTPS with its PEM files, the CLI trusts their CA
    io.microvx.testing.TestCertificates tls = io.microvx.testing.TestCertificates.make(certs);
    String token = "0123456789abcdef0123";
    Processes.Running remote = processes.micro(Map.of("MICRO_PROXY_TLS_CERT", tls.cert().toString(),
        "MICRO_PROXY_TLS_KEY", tls.key().toString()), "server", "--proxy_address", "0.0.0.0:0",
      "--proxy_token", token, "--no-api", "--no-web");
    int port = Processes.listeningPort(remote.awaitLine(l -> l.startsWith("proxy listening on https://0.0.0.0:"),
      Duration.ofSeconds(60)));
    Map<String, String> there = Map.of("MICRO_PROXY_ADDRESS", "https://127.0.0.1:" + port);
    Processes.Result without = processes.run(there, null, "list", "services", "--proxy_tls_ca", tls.ca().toString());
    assertThat(without.exit()).isEqualTo(1);
    assertThat(without.err()).contains("401");
    Processes.Result untrusted = processes.run(there, null, "list", "services", "--proxy_token", token);
    assertThat(untrusted.exit()).as("a certificate the JVM does not trust").isEqualTo(1);
    Processes.Result with = processes.run(there, null, "list", "services", "--proxy_token", token,
      "--proxy_tls_ca", tls.ca().toString());
    assertThat(with.exit()).as(with.err()).isZero();
    assertThat(remote.terminate(Duration.ofSeconds(30))).isZero();
  }

  @Test
  @Order(8)
  void theShellRunsCommands() throws Exception {
    Processes.Result shell = processes.run(env, "list services\ncall greeter Say.Hello {\"name\":\"Cy\"}\nexit\n", "shell");
    assertThat(shell.exit()).isZero();
    assertThat(shell.out()).contains("greeter").contains("Hello Cy");
  }

  @Test
  @Order(9)
  void aNewProjectBuildsAndItsServiceRegisters(@TempDir Path workspace) throws Exception {
    Path installed = Path.of(System.getProperty("user.home"), ".m2/repository/io/microvx/microvx-core/0.1.0-SNAPSHOT");
    io.microvx.testing.Ci.require(Files.isDirectory(installed),
      "the toolkit is not installed in ~/.m2 (scripts/test runs mvn install)");
    Processes.Result created = processes.run(env, null, "new", "demo", "--dir", workspace.resolve("demo").toString());
    assertThat(created.exit()).as(created.err()).isZero();
    Processes.Running build = processes.start(workspace.resolve("demo"), Map.of(), "mvn", "-q", "-B", "package");
    assertThat(build.process.waitFor()).as("mvn package: " + build.out + build.err).isZero();
    Path jar = workspace.resolve("demo/target/demo.jar");
    assertThat(jar).exists();

    processes.micro(env, "run", jar.toString());
    processes.awaitService(env, "demo");
    Processes.Result call = processes.run(env, null, "call", "demo", "Demo.Call", "{\"name\":\"Bo\"}");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(new JsonObject(call.out()).getString("msg")).isEqualTo("Hello Bo");
  }

  @Test
  @Order(11)
  void theServerStopsCleanlyOnSigterm() throws Exception {
    assertThat(greeter.terminate(Duration.ofSeconds(30))).as("the greeter, via micro run").isZero();
    assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    assertThat(server.out).as("stderr: %s", server.err).contains("micro server stopped");
    assertThat(server.err).noneMatch(l -> l.contains("Exception"));
  }
}
