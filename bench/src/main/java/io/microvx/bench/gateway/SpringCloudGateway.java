package io.microvx.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The third peer: Spring Cloud Gateway (on Spring Boot, Reactor Netty), built from
 * {@code bench/peers/spring-cloud-gateway} into an executable jar by {@code scripts/bench} and
 * {@code scripts/test}, run as a JVM of its own with default flags, listening on 127.0.0.1. Its one route
 * does what nginx's and HAProxy's do: {@code POST /greeter/say/hello} to {@code POST /} on the greeter with
 * go-micro's headers.
 */
final class SpringCloudGateway {

  /** Where the jar is: the {@code bench.scg.jar} property, else its build's place under the working directory. */
  static final String JAR_PROPERTY = "bench.scg.jar";

  /** Its route's name in the scenario. */
  static final String NAME = "spring-cloud-gateway";

  private static final String DEFAULT_JAR = "bench/peers/spring-cloud-gateway/target/spring-cloud-gateway-peer.jar";

  private SpringCloudGateway() {
  }

  static Path jar() {
    return Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR));
  }

  /** Null when the jar is there, else why the peer cannot run. */
  static String unavailable() {
    return Files.isRegularFile(jar()) ? null
      : "no Spring Cloud Gateway jar at " + jar() + " (scripts/bench builds it: mvn -f bench/peers/spring-cloud-gateway/pom.xml package)";
  }

  static PeerProcess start(Path directory, String greeter) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return PeerProcess.start(NAME, directory, List.of(), Duration.ofSeconds(180), port -> new ProcessBuilder(java, "-jar",
      jar().toAbsolutePath().toString(), "--server.address=127.0.0.1", "--server.port=" + port, "--greeter=" + greeter));
  }
}
