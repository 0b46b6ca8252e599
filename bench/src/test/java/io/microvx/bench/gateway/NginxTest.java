package io.microvx.bench.gateway;

import io.microvx.bench.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NginxTest {

  @Test
  void proxiesTheGatewayPathToTheGreeterWireOnLoopbackOnly(@TempDir Path prefix) {
    String config = Nginx.config(prefix, "127.0.0.1:9000", 2, 8123);

    assertThat(config)
      .contains("listen 127.0.0.1:8123;")
      .contains("server 127.0.0.1:9000;")
      .contains("keepalive 64;")
      .contains("location = /greeter/say/hello {")
      .contains("proxy_pass http://greeter/;")
      .contains("proxy_http_version 1.1;")
      .contains("proxy_set_header Connection \"\";")
      .contains("proxy_set_header Micro-Service greeter;")
      .contains("proxy_set_header Micro-Endpoint Say.Hello;")
      .contains("pid " + prefix.toAbsolutePath() + "/nginx.pid;")
      .contains("daemon off;");
    assertThat(config.lines().filter(line -> line.trim().startsWith("listen"))).hasSize(1);
  }

  @Test
  void nginxAcceptsTheConfigWhereItIsInstalled(@TempDir Path prefix) throws Exception {
    Tools.require("nginx");
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, Nginx.config(prefix, "127.0.0.1:9000", 2, 8123));

    Process test = new ProcessBuilder("nginx", "-t", "-p", prefix.toString(), "-c", conf.toString())
      .redirectErrorStream(true).start();
    String out = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(test.exitValue()).as(out).isZero();
  }
}
