package io.microvx.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebDashboardOptionsTest {

  @Test
  void defaultsAreMicroWebsOnLoopback() {
    WebDashboardOptions options = new WebDashboardOptions();
    assertThat(options.getAddress()).isEqualTo("127.0.0.1:8082");
    assertThat(options.getNamespace()).isEqualTo("go.micro.web");
    assertThat(options.isLoopback()).isTrue();
    assertThat(options.hasLogin()).isFalse();
    assertThat(options.getProxyTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void flatOptionsAsStringsRoundTrip() {
    WebDashboardOptions options = new WebDashboardOptions(new JsonObject()
      .put("web_address", ":9000").put("web_namespace", "com.example.web").put("web_auth_token", "s3cret-s3cret-s3cret")
      .put("web_proxy_timeout", "1m30s").put("web_max_call_timeout", "10").put("web_max_body_size", "2048")
      .put("web_overview_interval", "0s"));
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isEqualTo(9000);
    assertThat(options.isLoopback()).isFalse();
    assertThat(options.hasLogin()).isTrue();
    assertThat(options.getProxyTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.getMaxCallTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.getMaxBodySize()).isEqualTo(2048);
    assertThat(options.getOverviewInterval()).isZero();
    WebDashboardOptions copy = new WebDashboardOptions(options.toJson());
    assertThat(copy.toJson()).isEqualTo(options.toJson());
    assertThat(new WebDashboardOptions(options).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void basicAuthNeedsUserAndPassword() {
    assertThat(new WebDashboardOptions().setAuthUser("ada").hasLogin()).isFalse();
    assertThat(new WebDashboardOptions().setAuthUser("ada").setAuthPassword("pw").hasLogin()).isTrue();
  }

  @Test
  void nonsenseIsRefusedWithTheOptionsName() {
    assertThatThrownBy(() -> new WebDashboardOptions().setAddress("localhost")).hasMessageContaining("web_address");
    assertThatThrownBy(() -> new WebDashboardOptions().setNamespace("go..web")).hasMessageContaining("web_namespace");
    assertThatThrownBy(() -> new WebDashboardOptions().setProxyTimeout(Duration.ZERO)).hasMessageContaining("web_proxy_timeout");
    assertThatThrownBy(() -> new WebDashboardOptions(new JsonObject().put("web_max_body_size", "lots")))
      .hasMessageContaining("web_max_body_size");
  }
}
