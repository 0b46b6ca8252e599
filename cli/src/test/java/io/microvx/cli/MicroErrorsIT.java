package io.microvx.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the CLI says when something is wrong, as a newcomer meets it: against {@code micro proxy} (port 0,
 * read back) and a greeter started by {@code micro run}.
 */
class MicroErrorsIT {

  private static final Processes processes = new Processes();
  private static Map<String, String> env;
  private static String proxyAddress;

  @BeforeAll
  static void startProxyAndGreeter() throws Exception {
    Processes.Running proxy = processes.micro(Map.of(), "proxy", "--proxy_address", "127.0.0.1:0");
    proxyAddress = proxy.awaitProxyAddress(Duration.ofSeconds(60));
    env = Map.of("MICRO_PROXY_ADDRESS", proxyAddress);
    processes.micro(env, "run", Processes.GREETER_JAR.toString());
    processes.awaitService(env, "greeter");
  }

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void aServiceWithoutAVersionIsShownAndCheckedWithoutANullPointer() throws Exception {
    String node = "{\"name\":\"versionless\",\"nodes\":[{\"id\":\"versionless-1\",\"address\":\"127.0.0.1:" + Processes.freePort() + "\"}]}";
    assertThat(processes.run(env, null, "register", "service", node).exit()).isZero();
    Processes.Result health = processes.run(env, null, "health", "versionless");
    assertThat(health.exit()).as("its node does not answer").isEqualTo(1);
    assertThat(health.err()).doesNotContain("NullPointerException");
    assertThat(health.out()).containsPattern("versionless-1 +127\\.0\\.0\\.1:\\d+ +- +");
    assertThat(processes.run(env, null, "list", "services").out()).containsPattern("versionless +- +1");
    assertThat(processes.run(env, null, "deregister", "service", node).exit()).isZero();
  }

  @Test
  void getWithoutTheWordServiceSaysWhatToType() throws Exception {
    Processes.Result get = processes.run(env, null, "get", "greeter");
    assertThat(get.exit()).isEqualTo(2);
    assertThat(get.err()).startsWith("micro: get what? To show the service greeter: micro get service greeter");
  }

  @Test
  void aNonsenseAddressIsAUsageErrorSayingWhatAnAddressIs() throws Exception {
    Processes.Result call = processes.run(env, null, "call", "greeter", "Say.Hello", "--address", "nonsense");
    assertThat(call.exit()).isEqualTo(2);
    assertThat(call.err()).startsWith("micro: --address nonsense: expected HOST:PORT of one of greeter's nodes")
      .doesNotContain("500");
  }

  @Test
  void callingAStreamOrStreamingAUnaryEndpointNamesTheCommandToUse() throws Exception {
    Processes.Result call = processes.run(env, null, "call", "greeter", "Say.Greetings", "{\"name\":\"Bo\"}");
    assertThat(call.exit()).isEqualTo(1);
    assertThat(call.err()).startsWith("micro: Say.Greetings streams its replies: micro stream greeter Say.Greetings '{\"name\":\"Bo\"}'")
      .doesNotContain("WebSocket").doesNotContain("POST");
    Processes.Result stream = processes.run(env, null, "stream", "greeter", "Say.Hello", "{\"name\":\"Bo\"}");
    assertThat(stream.exit()).isEqualTo(1);
    assertThat(stream.err()).startsWith("micro: Say.Hello answers once, it does not stream: micro call greeter Say.Hello '{\"name\":\"Bo\"}'")
      .doesNotContain("POST");
  }

  @Test
  void aTimeoutIsTakenAsGivenNotRoundedToASecond() throws Exception {
    Processes.Result call = processes.run(env, null, "call", "greeter", "Say.Hello", "{\"name\":\"Bo\"}", "--timeout", "1ms");
    assertThat(call.exit()).isEqualTo(1);
    assertThat(call.err()).startsWith("micro: no answer from greeter within 1ms (--timeout)");
    Processes.Result bad = processes.run(env, null, "call", "greeter", "Say.Hello", "--timeout", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("micro: --timeout soon: expected a duration");
  }

  @Test
  void aPortInUseSaysWhichAddressAndWhichOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      Processes.Result proxy = processes.run(Map.of(), null, "proxy", "--proxy_address", address);
      assertThat(proxy.exit()).isEqualTo(1);
      assertThat(proxy.err()).isEqualTo("micro: the proxy cannot listen on " + address
        + ": the address is in use (another micro server?); stop what listens there or choose another with --proxy_address");
      Processes.Result api = processes.run(env, null, "api", "--api_address=" + address);
      assertThat(api.exit()).isEqualTo(1);
      // (the gateway, stopping after the failure, may log that its registry watch ended: a line of its own)
      assertThat(api.err().lines()).anyMatch(l -> l.startsWith("micro: the API gateway cannot listen on " + address
        + ": the address is in use"));
    }
  }

  @Test
  void theShellOutlivesCtrlCDuringSubscribeAndTakesAProxyAddressPerCommand() throws Exception {
    Processes.Running shell = processes.micro(env, "shell");
    OutputStream in = shell.process.getOutputStream();
    in.write("subscribe shell.topic\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    shell.awaitLine(l -> l.startsWith("subscribed to shell.topic"), Duration.ofSeconds(60));
    Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(shell.process.pid())).start();
    assertThat(interrupt.waitFor(30, TimeUnit.SECONDS)).isTrue();
    shell.awaitLine(l -> l.startsWith("micro: stopped"), Duration.ofSeconds(60));
    in.write(("list services --proxy_address " + proxyAddress + "\nexit\n").getBytes(StandardCharsets.UTF_8));
    in.close();
    assertThat(shell.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    shell.drain();
    assertThat(shell.process.exitValue()).as("err %s", shell.err).isZero();
    assertThat(shell.out).anyMatch(l -> l.startsWith("greeter "));
    assertThat(shell.err).noneMatch(l -> l.contains("should be specified only once"));
  }
}
