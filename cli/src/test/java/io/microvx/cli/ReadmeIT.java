package io.microvx.cli;

import io.microvx.testing.Namespaces;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands, run as written on a host of the test's own (so {@code micro server}'s fixed
 * ports are free): the quick start, a service of one's own, the pub/sub demo, the gateway alone and the
 * dashboard beyond loopback, a remote proxy over HTTPS. "More than one machine" is {@link AcrossHostsIT}.
 */
class ReadmeIT {

  static final Duration START = Duration.ofSeconds(120);
  private static final String README = "README.md";
  private static final String HELLO = "./micro call greeter Say.Hello '{\"name\":\"Ada\"}'";

  private Namespaces network;
  private String host;
  private DocShell sh;

  @BeforeEach
  void host(@TempDir Path home) throws Exception {
    network = Namespaces.network("10.252.0");
    host = network.host("readme", 1);
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

  static void serverReady(Processes.Running server) {
    server.awaitLine(l -> l.startsWith("proxy listening on 127.0.0.1:8081"), START);
  }

  /** Runs {@code micro list services} (as written on {@code page}) until it lists {@code name}. */
  static void awaitListed(DocShell sh, String page, String command, String name) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (sh.run(page, command).out().lines().anyMatch(l -> l.startsWith(name + " "))) {
        return;
      }
      Processes.sleep(300);
    }
    throw new AssertionError(name + " was never listed by `" + command + "`");
  }

  @Test
  void theQuickStartRunsAsWritten() throws Exception {
    serverReady(sh.start(README, "./micro server"));
    sh.start(README, "./micro run examples/target/greeter.jar");
    awaitListed(sh, README, "./micro list services", "greeter");

    assertThat(new JsonObject(sh.ok(README, HELLO))).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
    assertThat(sh.ok(README, "./micro health greeter").lines().filter(l -> l.endsWith(" ok"))).hasSize(1);
    assertThat(new JsonObject(sh.ok(README, "curl -d '{\"name\":\"Ada\"}' localhost:8080/greeter/say/hello")))
      .isEqualTo(new JsonObject().put("msg", "Hello Ada"));

    Processes.Running subscriber = sh.start(README, "./micro subscribe user.signup &");
    // the line sends the subscriber to the background: its output goes on after bash ends
    DocShell.awaitOutput(subscriber, l -> l.equals("subscribed to user.signup"), START);
    sh.ok(README, "./micro publish user.signup '{\"email\":\"ada@example.com\"}'");
    DocShell.awaitOutput(subscriber, l -> l.contains("ada@example.com"), START);
  }

  @Test
  void aVerticleOfYourOwnRunsWithTheLauncher() throws Exception {
    serverReady(sh.start(README, "./micro server"));
    sh.start(README, "java -cp examples/target/greeter.jar io.vertx.launcher.application.VertxApplication "
      + "io.microvx.examples.greeter.GreeterVerticle -conf '{\"server_address\":\"127.0.0.1:8090\"}' -instances 2");
    awaitListed(sh, README, "./micro list services", "greeter");
    assertThat(new JsonObject(sh.ok(README, HELLO)).getString("msg")).isEqualTo("Hello Ada");
  }

  @Test
  void thePubSubDemoPrintsWhatTheReadmeSays() throws Exception {
    String out = sh.ok(README, "java -cp examples/target/greeter.jar io.microvx.examples.pubsub.PubSubDemo");
    assertThat(out.lines()).contains("signed up ada@example.com", "welcomed ada@example.com");
  }

  @Test
  void theGatewayAloneFrontsTheGreeter() throws Exception {
    sh.start(README, "java -cp examples/target/greeter.jar io.vertx.launcher.application.VertxApplication "
      + "io.microvx.examples.greeter.GreeterVerticle -conf '{\"server_address\":\"127.0.0.1:8090\",\"registry\":\"memory\"}'");
    sh.start(README, "java -jar gateway/target/micro-api.jar --api_address=127.0.0.1:8080 --registry=memory --api_static_nodes=greeter=127.0.0.1:8090");
    String curl = "curl -d '{\"name\":\"Ada\"}' localhost:8080/greeter/say/hello";
    long deadline = System.nanoTime() + START.toNanos();
    Processes.Result reply = sh.run(README, curl);
    while (!reply.out().contains("Hello Ada") && System.nanoTime() < deadline) {
      // the greeter and the gateway may still be starting
      Processes.sleep(300);
      reply = sh.run(README, curl);
    }
    assertThat(new JsonObject(reply.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @Test
  void theDashboardBeyondLoopbackAsksForTheToken() throws Exception {
    serverReady(sh.start("docs/dashboard.md", "./micro server --no-web"));
    Processes.Running web = sh.start(README, "micro web --web_address=0.0.0.0:8082 --web_auth_token=\"$(openssl rand -hex 16)\"");
    web.awaitLine(l -> l.startsWith("web dashboard listening on 0.0.0.0:8082"), START);
    String address = network.address(1);
    assertThat(curlStatus("http://" + address + ":8082/_/api/services")).isEqualTo("401");
  }

  @Test
  void aRemoteProxyServesHttpsAndWantsItsToken(@TempDir Path certs) throws Exception {
    io.microvx.testing.TestCertificates.make(certs); // server.pem, server.key and ca.pem, for 127.0.0.1
    String token = "0123456789abcdef0123";
    Processes.Running proxy = sh.in(certs).with("TOKEN", token).start(README, "MICRO_PROXY_TLS_CERT=server.pem"
      + " MICRO_PROXY_TLS_KEY=server.key micro server --proxy_address 0.0.0.0:8081 --proxy_token \"$TOKEN\" --no-api --no-web");
    proxy.awaitLine(l -> l.startsWith("proxy listening on https://0.0.0.0:8081"), START);
    assertThat(curlStatus("https://" + network.address(1) + ":8081/registry", "-k")).as("beyond loopback, no token").isEqualTo("401");
    assertThat(curlStatus("https://127.0.0.1:8081/registry", "--cacert", certs.resolve("ca.pem").toString(),
      "-H", "Authorization: Bearer " + token)).as("the token, the CA trusted").isEqualTo("200");
  }

  private String curlStatus(String url, String... options) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
    command.addAll(List.of(options));
    command.add(url);
    Process curl = new ProcessBuilder(Namespaces.in(host, command)).start();
    String status = new String(curl.getInputStream().readAllBytes()).trim();
    curl.waitFor();
    return status;
  }
}
