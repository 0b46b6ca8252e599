package io.microvx.registry.etcd;

import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.testing.Await;
import io.microvx.testing.Ci;
import io.microvx.testing.RealServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options, the plugin found by name, and bad configuration failing fast with one clear line. */
class EtcdConfigurationTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static Service service(String name) {
    return new Service(name, "1.0", List.of(new Node(name + "-1", "127.0.0.1:4000")));
  }

  @Test
  void optionsComeFromFlatConfigurationAndRoundTrip() {
    EtcdRegistryOptions options = new EtcdRegistryOptions(new JsonObject()
      .put("registry_address", "10.0.0.1:2379, https://10.0.0.2:2379").put("etcd_username", "micro")
      .put("etcd_password", "s3cret").put("etcd_timeout", "2s").put("etcd_prefix", "/micro-registry"));
    assertThat(options.getEndpoints()).containsExactly("10.0.0.1:2379", "https://10.0.0.2:2379");
    assertThat(options.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.getPrefix()).as("go-plugins' etcdv3 prefix, given without its slash").isEqualTo("/micro-registry/");
    assertThat(new EtcdRegistryOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new EtcdRegistryOptions().getEndpoints()).containsExactly("127.0.0.1:2379");
    assertThatThrownBy(() -> new EtcdRegistryOptions(new JsonObject().put("registry_address", "not a host:x")))
      .hasMessage("registry_address: not an etcd address: not a host:x");
  }

  @Test
  void thePluginIsFoundByNameAndAlias() {
    for (String name : List.of("etcd", "etcdv3")) {
      Registry registry = Plugins.registry(vertx, name, new JsonObject().put("registry_address", "127.0.0.1:1"));
      assertThat(registry.name()).isEqualTo("etcd");
      Await.result(registry.close());
    }
  }

  @Test
  void anUnreachableEtcdFailsAtOnceNamingTheAddress() {
    String nowhere = "127.0.0.1:" + RealServers.freePort();
    Registry registry = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(nowhere)));
    Throwable failure = Await.failure(registry.register(service("unreachable")));
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(503);
      assertThat(e.detail()).isEqualTo("etcd at " + nowhere + " is unreachable");
    });
    Await.failure(registry.getService("unreachable"));
    Await.failure(registry.watch(new WatchOptions(), event -> { }));
    Await.result(registry.close());
  }

  @Test
  void anEtcdThatNeverAnswersFailsTheCallWithinItsTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Registry registry = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions()
        .setEndpoints(List.of("127.0.0.1:" + silent.getLocalPort())).setTimeout(Duration.ofMillis(500)));
      Throwable failure = Await.failure(registry.getService("silent"));
      assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(504);
        assertThat(e.detail()).startsWith("etcd at 127.0.0.1:" + silent.getLocalPort() + " did not answer");
      });
      Await.result(registry.close());
    }
  }

  @Test
  void overTlsTheCaFileIsTrustedAndWithoutItTheServerIsRefused(@TempDir Path dir) throws Exception {
    Ci.require(Ci.onPath("openssl"), "openssl is needed to make the test's certificates");
    Path ca = dir.resolve("ca.pem");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
      "-subj", "/CN=microvx test CA");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", "server.pem", "-days", "1", "-extfile", "san.ext");
    try (EtcdProcess etcd = EtcdProcess.startTls(cert, key)) {
      Registry trusting = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions(new JsonObject()
        .put("registry_address", etcd.address()).put("etcd_tls", true).put("etcd_ca_file", ca.toString())));
      Await.until("etcd to answer over TLS", () -> Await.result(trusting.getService("tls").otherwise(List.of(
        new Service("not yet", "", List.of())))).isEmpty());
      Await.result(trusting.register(service("tls")));
      assertThat(Await.result(trusting.getService("tls"))).singleElement();

      Registry untrusting = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions()
        .setEndpoints(List.of("https://" + etcd.address())));
      assertThat(Await.failure(untrusting.getService("tls"))).as("a certificate the JVM does not trust")
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(503));
      Await.result(Future.all(trusting.close(), untrusting.close()));
    }
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  void withAuthenticationOnWrongCredentialsAreRefusedClearlyAndRightOnesWork() {
    try (EtcdProcess etcd = EtcdProcess.start()) {
      EtcdHttp admin = new EtcdHttp(etcd.address());
      admin.post("/v3/auth/user/add", new JsonObject().put("name", "root").put("password", "rootpw"));
      admin.post("/v3/auth/user/grant", new JsonObject().put("user", "root").put("role", "root"));
      admin.post("/v3/auth/enable", new JsonObject());

      Registry wrong = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(etcd.address()))
        .setUsername("root").setPassword("nope"));
      assertThat(Await.failure(wrong.register(service("guarded")))).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.detail()).isEqualTo("etcd at " + etcd.address() + " refused the credentials of user root");
      });
      Registry anonymous = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(etcd.address())));
      assertThat(Await.failure(anonymous.getService("guarded"))).isInstanceOfSatisfying(MicroException.class,
        e -> assertThat(e.code()).as("no token: " + e.detail()).isIn(400, 401, 403));

      Registry right = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(etcd.address()))
        .setUsername("root").setPassword("rootpw"));
      List<WatchEvent> events = new CopyOnWriteArrayList<>();
      Await.result(right.watch(new WatchOptions().setService("guarded"), events::add));
      Await.result(right.register(service("guarded")));
      assertThat(Await.result(right.getService("guarded"))).singleElement();
      Await.until("the watch, with the token, to see it", () -> events.size() == 1);
      Await.result(Future.all(wrong.close(), anonymous.close(), right.close()));
    }
  }
}
