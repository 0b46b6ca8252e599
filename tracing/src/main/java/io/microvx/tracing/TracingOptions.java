package io.microvx.tracing;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Options of the {@code trace} plugin. JSON keys are flat flag names, so {@code MICRO_TRACE_ENDPOINT} and
 * {@code --trace_endpoint} set them too:
 *
 * <ul>
 *   <li>{@code trace_endpoint}: the OTLP/HTTP traces URL ({@code http://127.0.0.1:4318/v1/traces}); none by
 *   default, and without one nothing is traced;</li>
 *   <li>{@code trace_sample_ratio}: the share of new traces recorded, 0 to 1 (1 by default); a request
 *   arriving with a sampled {@code traceparent} is recorded whatever the ratio;</li>
 *   <li>{@code trace_service_name}: the {@code service.name} of the spans; the service's own name
 *   ({@code server_name}) by default;</li>
 *   <li>{@code trace_headers}: headers sent with every export, {@code name=value,name=value} (a collector's
 *   API key).</li>
 * </ul>
 *
 * Where a key is not given, the standard OpenTelemetry variables stand in: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT},
 * or {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code /v1/traces} appended; {@code OTEL_TRACES_SAMPLER_ARG} when
 * {@code OTEL_TRACES_SAMPLER} is {@code traceidratio} or {@code parentbased_traceidratio};
 * {@code OTEL_SERVICE_NAME}; {@code OTEL_EXPORTER_OTLP_TRACES_HEADERS} or {@code OTEL_EXPORTER_OTLP_HEADERS}.
 * {@code OTEL_SDK_DISABLED=true} or {@code OTEL_TRACES_EXPORTER=none} turn tracing off.
 */
public class TracingOptions {

  public static final double DEFAULT_SAMPLE_RATIO = 1.0;
  static final String TRACES_PATH = "/v1/traces";

  private String endpoint;
  private double sampleRatio = DEFAULT_SAMPLE_RATIO;
  private String serviceName;
  private String serviceVersion;
  private Map<String, String> headers = new LinkedHashMap<>();

  public TracingOptions() {
  }

  public TracingOptions(TracingOptions other) {
    this.endpoint = other.endpoint;
    this.sampleRatio = other.sampleRatio;
    this.serviceName = other.serviceName;
    this.serviceVersion = other.serviceVersion;
    this.headers = new LinkedHashMap<>(other.headers);
  }

  /** From the flat options alone. */
  public TracingOptions(JsonObject json) {
    this(json, Map.of());
  }

  /** From the flat options, the standard {@code OTEL_*} variables of the environment filling in what they lack. */
  public TracingOptions(JsonObject json, Map<String, String> env) {
    boolean disabled = "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))
      || "none".equalsIgnoreCase(env.get("OTEL_TRACES_EXPORTER"));
    String url = json.getString("trace_endpoint", endpointFrom(env));
    setEndpoint(disabled || url == null || url.isBlank() ? null : url.trim());
    Object ratio = json.getValue("trace_sample_ratio", ratioFrom(env));
    if (ratio != null) {
      setSampleRatio(parseRatio(ratio));
    }
    setServiceName(json.getString("trace_service_name", env.getOrDefault("OTEL_SERVICE_NAME",
      json.getString("server_name"))));
    setServiceVersion(json.getString("server_version"));
    String pairs = json.getString("trace_headers",
      env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_HEADERS", env.get("OTEL_EXPORTER_OTLP_HEADERS")));
    if (pairs != null) {
      setHeaders(parseHeaders(pairs));
    }
  }

  private static String endpointFrom(Map<String, String> env) {
    String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (traces != null && !traces.isBlank()) {
      return traces;
    }
    String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (base == null || base.isBlank()) {
      return null;
    }
    return base.trim().replaceAll("/+$", "") + TRACES_PATH;
  }

  private static String ratioFrom(Map<String, String> env) {
    String sampler = env.getOrDefault("OTEL_TRACES_SAMPLER", "").toLowerCase(Locale.ROOT);
    return sampler.equals("traceidratio") || sampler.equals("parentbased_traceidratio")
      ? env.get("OTEL_TRACES_SAMPLER_ARG") : null;
  }

  private static double parseRatio(Object value) {
    try {
      return Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trace_sample_ratio must be a number from 0 to 1, not \"" + value + "\"");
    }
  }

  private static Map<String, String> parseHeaders(String pairs) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : pairs.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("trace_headers takes name=value pairs separated by commas: \"" + pair.trim() + "\"");
      }
      parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return parsed;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("trace_sample_ratio", sampleRatio);
    if (endpoint != null) {
      json.put("trace_endpoint", endpoint);
    }
    if (serviceName != null) {
      json.put("trace_service_name", serviceName);
    }
    if (serviceVersion != null) {
      json.put("server_version", serviceVersion);
    }
    if (!headers.isEmpty()) {
      StringBuilder pairs = new StringBuilder();
      headers.forEach((name, value) -> pairs.append(pairs.length() == 0 ? "" : ",").append(name).append('=').append(value));
      json.put("trace_headers", pairs.toString());
    }
    return json;
  }

  /** Whether anything is traced: only with an endpoint to send the spans to. */
  public boolean isEnabled() {
    return endpoint != null;
  }

  public String getEndpoint() {
    return endpoint;
  }

  /** The OTLP/HTTP traces URL; null turns tracing off. */
  public TracingOptions setEndpoint(String endpoint) {
    this.endpoint = endpoint;
    return this;
  }

  public double getSampleRatio() {
    return sampleRatio;
  }

  /** The share of new traces recorded, from 0 (none) to 1 (all). */
  public TracingOptions setSampleRatio(double sampleRatio) {
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("trace_sample_ratio must be from 0 to 1, not " + sampleRatio);
    }
    this.sampleRatio = sampleRatio;
    return this;
  }

  public String getServiceName() {
    return serviceName;
  }

  public TracingOptions setServiceName(String serviceName) {
    this.serviceName = serviceName;
    return this;
  }

  public String getServiceVersion() {
    return serviceVersion;
  }

  /** The {@code service.version} of the spans; the service's version by default. */
  public TracingOptions setServiceVersion(String serviceVersion) {
    this.serviceVersion = serviceVersion;
    return this;
  }

  public Map<String, String> getHeaders() {
    return Map.copyOf(headers);
  }

  public TracingOptions setHeaders(Map<String, String> headers) {
    this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
    return this;
  }
}
