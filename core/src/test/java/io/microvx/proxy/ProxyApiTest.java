package io.microvx.proxy;

import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.RegistryProvider;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ProxyApiTest {

  @Test
  void nothingAnsweringNamesOnlyTheRegistriesThatExist() throws Exception {
    Plugins.available(RegistryProvider.class); // as making the proxy registry would have
    assertThat(unreachableMessage()).startsWith("nothing answers at 127.0.0.1:")
      .endsWith(": start one with `micro server`, point MICRO_PROXY_ADDRESS at a running proxy, or choose a registry"
        + " with MICRO_REGISTRY (available: memory)")
      .doesNotContain("etcd");
  }

  @Test
  void beforeAnyRegistryWasLookedUpItPointsAtMicroPlugins() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    // a class loader no lookup has gone through, as in the CLI, which never looks registries up
    thread.setContextClassLoader(new URLClassLoader(new URL[0], before));
    try {
      assertThat(unreachableMessage()).endsWith("choose a registry with MICRO_REGISTRY (`micro plugins` lists them)");
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** The detail of the failure of a request to a port nothing listens on, as the event loop reports it. */
  private static String unreachableMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try {
      ProxyApi api = new ProxyApi(vertx, new ProxyClientOptions().setAddress("127.0.0.1:" + port));
      Throwable failure = catchThrowable(() -> Await.result(api.request(HttpMethod.GET, "/registry", null, null)));
      assertThat(failure).isInstanceOf(MicroException.class);
      return ((MicroException) failure).detail();
    } finally {
      Await.result(vertx.close());
    }
  }
}
