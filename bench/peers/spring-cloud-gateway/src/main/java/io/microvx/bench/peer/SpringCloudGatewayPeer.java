package io.microvx.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as the benchmark runs it: one route, from {@code application.properties}, sending
 * {@code POST /greeter/say/hello} to {@code POST /} on the greeter ({@code --greeter=HOST:PORT}) with
 * go-micro's {@code Micro-Service} and {@code Micro-Endpoint} headers, as nginx and HAProxy do in the same
 * run. It listens on {@code --server.address} and {@code --server.port}.
 */
@SpringBootApplication
public class SpringCloudGatewayPeer {

  public static void main(String[] args) {
    SpringApplication.run(SpringCloudGatewayPeer.class, args);
  }
}
