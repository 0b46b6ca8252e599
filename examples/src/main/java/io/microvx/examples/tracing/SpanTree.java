package io.microvx.examples.tracing;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An exporter keeping the spans it is given, and drawing them as an indented tree. */
final class SpanTree implements SpanExporter {

  private final List<SpanData> spans = new CopyOnWriteArrayList<>();
  private final Map<String, Runnable> waiting = new ConcurrentHashMap<>();

  /** Runs the action once a span of that name has ended (and been kept). */
  void onEnd(String name, Runnable action) {
    waiting.put(name, action);
    if (spans.stream().anyMatch(s -> s.getName().equals(name))) {
      waiting.remove(name).run();
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    spans.addAll(batch);
    batch.forEach(span -> {
      Runnable action = waiting.remove(span.getName());
      if (action != null) {
        action.run();
      }
    });
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  /** {@code KIND name (service)}, children indented under their parent, in the order they started. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    List<SpanData> sorted = spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    sorted.stream().filter(s -> !s.getParentSpanContext().isValid() || sorted.stream()
        .noneMatch(p -> p.getSpanId().equals(s.getParentSpanId())))
      .forEach(root -> draw(root, sorted, "", lines));
    return lines;
  }

  private static void draw(SpanData span, List<SpanData> all, String indent, List<String> lines) {
    lines.add(indent + span.getKind() + " " + span.getName());
    all.stream().filter(s -> !SpanId.getInvalid().equals(s.getParentSpanId()) && s.getParentSpanId().equals(span.getSpanId()))
      .forEach(child -> draw(child, all, indent + "  ", lines));
  }
}
