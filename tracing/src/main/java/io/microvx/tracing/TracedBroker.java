package io.microvx.tracing;

import io.microvx.broker.Broker;
import io.microvx.broker.Event;
import io.microvx.broker.EventHandler;
import io.microvx.broker.ForwardingBroker;
import io.microvx.broker.ForwardingEvent;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.transport.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * A broker whose publications are {@code PRODUCER} spans and deliveries {@code CONSUMER} spans, the trace
 * context carried in the message's headers between them. The handler sees the message with its delivery
 * span as the parent, so what it calls or publishes continues the trace.
 */
final class TracedBroker extends ForwardingBroker {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

  private final TracingWrappers tracing;

  TracedBroker(Broker broker, TracingWrappers tracing) {
    super(broker);
    this.tracing = tracing;
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions options) {
    // a publication inside a served call carries that call's context in its headers (its metadata)
    Context parent = message.header(TraceHeaders.TRACEPARENT) != null
      ? tracing.propagator().extract(Context.root(), message, TraceHeaders.MESSAGE)
      : Context.current();
    Span span = span(topic + " publish", SpanKind.PRODUCER, parent, topic, "send", message).startSpan();
    return TracingWrappers.ended(span, broker.publish(topic, carrying(message, parent.with(span)), options), false);
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions options) {
    return broker.subscribe(topic, event -> {
      Context parent = tracing.propagator().extract(Context.root(), event.message(), TraceHeaders.MESSAGE);
      SpanBuilder builder = span(topic + " process", SpanKind.CONSUMER, parent, topic, "process", event.message())
        .setAttribute(TracingWrappers.ATTEMPT, event.attempt());
      if (options.getQueue() != null && !options.getQueue().isEmpty()) {
        builder.setAttribute(GROUP, options.getQueue());
      }
      Span span = builder.startSpan();
      Context traced = parent.with(span);
      Future<Void> handled;
      try (Scope ignored = traced.makeCurrent()) {
        handled = handler.handle(new TracedEvent(event, carrying(event.message(), traced)));
      } catch (RuntimeException e) {
        TracingWrappers.end(span, e, false);
        throw e;
      }
      return TracingWrappers.ended(span, handled, false);
    }, options);
  }

  private SpanBuilder span(String name, SpanKind kind, Context parent, String topic, String operation, Message message) {
    SpanBuilder builder = tracing.tracer().spanBuilder(name)
      .setSpanKind(kind)
      .setParent(parent)
      .setAttribute(SYSTEM, broker.name())
      .setAttribute(DESTINATION, topic)
      .setAttribute(OPERATION, operation);
    String id = message.header(Headers.MICRO_ID);
    if (id != null) {
      builder.setAttribute(MESSAGE_ID, id);
    }
    return builder;
  }

  /** The message with the context's trace headers in place of any it had. */
  private Message carrying(Message message, Context context) {
    Map<String, String> headers = new HashMap<>(message.headers());
    tracing.propagator().inject(context, headers, TraceHeaders.HEADERS);
    return new Message(headers, message.body());
  }

  /** The delivered event, its message carrying the delivery's span; settling is the event's own. */
  private static final class TracedEvent extends ForwardingEvent {
    private final Message message;

    TracedEvent(Event event, Message message) {
      super(event);
      this.message = message;
    }

    @Override
    public Message message() {
      return message;
    }
  }
}
