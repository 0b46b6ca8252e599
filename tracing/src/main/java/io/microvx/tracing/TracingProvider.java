package io.microvx.tracing;

import io.microvx.plugin.ServiceWrappers;
import io.microvx.plugin.WrapperProvider;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code trace} wrapper plugin: OpenTelemetry spans exported over OTLP/HTTP when
 * {@link TracingOptions#isEnabled() an endpoint is configured}, nothing otherwise.
 *
 * <p>Services and gateways of one process configured alike share one SDK (one exporter, one batching
 * thread): a gateway runs an instance per event loop. It is shut down, its last spans sent, when the last
 * of them stops.
 */
public final class TracingProvider implements WrapperProvider {

  private static final Logger log = LoggerFactory.getLogger(TracingProvider.class);

  /** An SDK and how many services use it. */
  private static final class Shared {
    final OpenTelemetrySdk sdk;
    int users;

    Shared(OpenTelemetrySdk sdk) {
      this.sdk = sdk;
    }
  }

  private static final Map<String, Shared> SHARED = new HashMap<>();
  /** How long a stopping service waits for its last spans to be sent. */
  static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "trace";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("tracing", "opentelemetry");
  }

  @Override
  public ServiceWrappers create(Vertx vertx, JsonObject config) {
    TracingOptions options = new TracingOptions(config, System.getenv());
    if (!options.isEnabled()) {
      return ServiceWrappers.NONE;
    }
    String key = options.toJson().encode();
    OpenTelemetrySdk sdk = acquire(key, options);
    return new TracingWrappers(sdk, () -> release(vertx, key));
  }

  private static OpenTelemetrySdk acquire(String key, TracingOptions options) {
    synchronized (SHARED) {
      Shared shared = SHARED.computeIfAbsent(key, k -> new Shared(sdk(options)));
      shared.users++;
      return shared.sdk;
    }
  }

  /**
   * The last user of an SDK shuts it down: the spans still buffered are sent (by the exporter's own thread)
   * before the future completes, on the caller's context, or after {@link #FLUSH_WAIT} when the collector
   * is slow, so a stopping service is never held up for long.
   */
  private static Future<Void> release(Vertx vertx, String key) {
    Shared last;
    synchronized (SHARED) {
      Shared shared = SHARED.get(key);
      if (shared == null || --shared.users > 0) {
        return Future.succeededFuture();
      }
      SHARED.remove(key);
      last = shared;
    }
    Promise<Void> flushed = ((ContextInternal) vertx.getOrCreateContext()).promise();
    long timer = vertx.setTimer(FLUSH_WAIT.toMillis(), id -> {
      if (flushed.tryComplete()) {
        log.warn("traces to {} not flushed within {} ms: spans still buffered may be lost", key, FLUSH_WAIT.toMillis());
      }
    });
    CompletableResultCode shutdown = last.sdk.getSdkTracerProvider().shutdown();
    shutdown.whenComplete(() -> {
      vertx.cancelTimer(timer);
      if (flushed.tryComplete()) {
        log.debug("traces to {} flushed{}", key, shutdown.isSuccess() ? "" : " (the last export failed)");
      }
    });
    return flushed.future();
  }

  /** An SDK sending batches of spans to the endpoint, sampling new traces by the ratio. */
  static OpenTelemetrySdk sdk(TracingOptions options) {
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(options.getEndpoint());
    options.getHeaders().forEach(exporter::addHeader);
    Resource resource = Resource.getDefault().toBuilder()
      .put("service.name", options.getServiceName() != null ? options.getServiceName() : "micro")
      .build();
    if (options.getServiceVersion() != null) {
      resource = resource.toBuilder().put("service.version", options.getServiceVersion()).build();
    }
    SdkTracerProvider provider = SdkTracerProvider.builder()
      .setResource(resource)
      .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(options.getSampleRatio())))
      .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
      .build();
    return OpenTelemetrySdk.builder()
      .setTracerProvider(provider)
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();
  }
}
