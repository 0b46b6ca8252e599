package io.microvx.tracing;

import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;

import java.util.Map;

/**
 * Where the trace context is read and written: call metadata, a served call's context, message headers
 * and HTTP headers. Reads ignore case, since go-micro's wire canonicalises names ({@code Traceparent}).
 */
final class TraceHeaders {

  static final TextMapGetter<Metadata> METADATA = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata carrier) {
      return carrier.asMap().keySet();
    }

    @Override
    public String get(Metadata carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  static final TextMapSetter<CallContext> SERVED = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.putMetadata(key, value);
    }
  };

  static final TextMapGetter<io.microvx.broker.Message> MESSAGE = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(io.microvx.broker.Message carrier) {
      return carrier.headers().keySet();
    }

    @Override
    public String get(io.microvx.broker.Message carrier, String key) {
      return carrier == null ? null : carrier.header(key);
    }
  };

  /** Replaces a header whatever the case it was spelled in, so a message never carries two. */
  static final TextMapSetter<Map<String, String>> HEADERS = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.keySet().removeIf(name -> name.equalsIgnoreCase(key));
      carrier.put(key, value);
    }
  };

  static final TextMapGetter<MultiMap> HTTP = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(MultiMap carrier) {
      return carrier.names();
    }

    @Override
    public String get(MultiMap carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  static final TextMapSetter<MultiMap> HTTP_SET = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.set(key, value);
    }
  };

  /** The header naming the parent span: present, the trace continues; absent, another source is asked. */
  static final String TRACEPARENT = "traceparent";

  private TraceHeaders() {
  }
}
