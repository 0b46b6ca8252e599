package io.microvx.tracing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace plugin's options: its own keys first, the standard OTEL_* variables where they are silent. */
class TracingOptionsTest {

  @Test
  void offUntilAnEndpointIsGiven() {
    assertThat(new TracingOptions(new JsonObject(), Map.of()).isEnabled()).isFalse();
    TracingOptions on = new TracingOptions(new JsonObject().put("trace_endpoint", "http://127.0.0.1:4318/v1/traces")
      .put("server_name", "greeter").put("server_version", "1.2.0"), Map.of());
    assertThat(on.isEnabled()).isTrue();
    assertThat(on.getServiceName()).isEqualTo("greeter");
    assertThat(on.getServiceVersion()).isEqualTo("1.2.0");
    assertThat(on.getSampleRatio()).isEqualTo(1.0);
  }

  @Test
  void theStandardVariablesFillInWhatTheOptionsDoNotSay() {
    TracingOptions options = new TracingOptions(new JsonObject().put("server_name", "greeter"), Map.of(
      "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
      "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
      "OTEL_TRACES_SAMPLER_ARG", "0.25",
      "OTEL_SERVICE_NAME", "shop",
      "OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret, tenant=a"));
    assertThat(options.getEndpoint()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(options.getSampleRatio()).isEqualTo(0.25);
    assertThat(options.getServiceName()).isEqualTo("shop");
    assertThat(options.getHeaders()).isEqualTo(Map.of("api-key", "secret", "tenant", "a"));

    TracingOptions own = new TracingOptions(new JsonObject().put("trace_endpoint", "http://mine:4318/v1/traces")
      .put("trace_sample_ratio", "0.5"), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://theirs/v1/traces",
      "OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.1"));
    assertThat(own.getEndpoint()).isEqualTo("http://mine:4318/v1/traces");
    assertThat(own.getSampleRatio()).isEqualTo(0.5);
  }

  @Test
  void theSdkSwitchesTurnTracingOff() {
    JsonObject config = new JsonObject().put("trace_endpoint", "http://127.0.0.1:4318/v1/traces");
    assertThat(new TracingOptions(config, Map.of("OTEL_SDK_DISABLED", "true")).isEnabled()).isFalse();
    assertThat(new TracingOptions(config, Map.of("OTEL_TRACES_EXPORTER", "none")).isEnabled()).isFalse();
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> new TracingOptions(new JsonObject().put("trace_sample_ratio", "2")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace_sample_ratio");
    assertThatThrownBy(() -> new TracingOptions(new JsonObject().put("trace_sample_ratio", "half")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace_sample_ratio");
    assertThatThrownBy(() -> new TracingOptions(new JsonObject().put("trace_headers", "novalue")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace_headers");
  }

  @Test
  void copiesAndJsonKeepEveryOption() {
    TracingOptions options = new TracingOptions().setEndpoint("http://x/v1/traces").setSampleRatio(0.3)
      .setServiceName("s").setServiceVersion("2").setHeaders(Map.of("k", "v"));
    TracingOptions back = new TracingOptions(new TracingOptions(options).toJson());
    assertThat(back.toJson()).isEqualTo(options.toJson());
    assertThat(back.getHeaders()).isEqualTo(Map.of("k", "v"));
  }
}
