/**
 * OpenTelemetry traces for Micro for Vert.x: one trace follows a request from the gateway through every
 * service it calls and every message it publishes. The W3C trace context ({@code traceparent},
 * {@code tracestate}, {@code baggage}) travels in call metadata, so it crosses go-micro's wire as headers,
 * and in broker message headers.
 *
 * <p>Found on the class path as the {@code trace} wrapper plugin ({@link io.microvx.tracing.TracingProvider}):
 * off until an OTLP endpoint is configured ({@code trace_endpoint}, {@code MICRO_TRACE_ENDPOINT}, or the
 * standard {@code OTEL_EXPORTER_OTLP_*} variables; {@link io.microvx.tracing.TracingOptions}). An application
 * with an OpenTelemetry SDK of its own passes {@link io.microvx.tracing.Tracing#wrappers} to its service's
 * builder instead.
 */
package io.microvx.tracing;
