package io.microvx.server;

import io.microvx.broker.Deadlines;
import io.microvx.broker.Event;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.codec.Codec;
import io.microvx.codec.Codecs;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.microvx.registry.Endpoint;
import io.microvx.transport.Headers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A subscriber object's methods as one broker handler: each public method taking one message (and
 * optionally a {@link CallContext} and the {@link Event}) gets every message of the topic, decoded by its
 * {@code Content-Type} into the method's parameter type. A message that does not decode is not handed
 * on: it is logged, counted and acknowledged (redelivering it could not help). A method that fails is a
 * nack. With {@code autoAck} off every method must take the event, to settle it. A message's deadline
 * ({@link Deadlines}) is the {@link CallContext}'s: {@link CallContext#remaining()} reads it, and calls and
 * publications the method makes inherit it.
 */
final class SubscriberHandler implements EventHandler {

  private static final Logger log = LoggerFactory.getLogger(SubscriberHandler.class);

  final String topic;
  final SubscribeOptions options;
  private final Vertx vertx;
  private final String service;
  private final List<EndpointMethod> methods;
  private final Codecs codecs;
  private final LongAdder errors;
  final LongAdder undecodable = new LongAdder();
  /** Publications over the transport dropped for their deadline (the broker's own are counted by the broker). */
  final LongAdder expired = new LongAdder();

  private SubscriberHandler(Vertx vertx, String service, String topic, SubscribeOptions options,
                            List<EndpointMethod> methods, Codecs codecs, LongAdder errors) {
    this.vertx = vertx;
    this.service = service;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.methods = methods;
    this.codecs = codecs;
    this.errors = errors;
  }

  static SubscriberHandler of(Vertx vertx, String service, String topic, String name, Object handler,
                              SubscribeOptions options, Codecs codecs, LongAdder errors) {
    List<EndpointMethod> methods = new ArrayList<>();
    for (Method method : handler.getClass().getMethods()) {
      EndpointMethod endpoint = EndpointMethod.of(name, handler, method, true);
      if (endpoint != null && !endpoint.isStream()) {
        methods.add(endpoint);
      }
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(handler.getClass().getName()
        + " has no subscriber method: a public method taking one message (and optionally a CallContext and the Event)");
    }
    for (EndpointMethod method : methods) {
      if (!options.isAutoAck() && !method.takesEvent()) {
        throw new IllegalArgumentException("subscriber " + method.name + " of " + topic + " cannot acknowledge anything:"
          + " auto_ack is off, so it must take the Event (add an io.microvx.broker.Event parameter and call ack()),"
          + " or leave auto_ack on");
      }
    }
    return new SubscriberHandler(vertx, service, topic, options, List.copyOf(methods), codecs, errors);
  }

  /** The registry's view: go-micro lists each method with {@code topic} and {@code subscriber=true}. */
  List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (EndpointMethod method : methods) {
      endpoints.add(new Endpoint(method.name, ValueTrees.describe(method.requestType), null,
        Map.of("topic", topic, "subscriber", "true")));
    }
    return endpoints;
  }

  @Override
  public Future<Void> handle(Event event) {
    // each delivery on a context of its own, as each request is: its CallContext must not outlive it
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    if (current == null) {
      return deliver(event, null);
    }
    ContextInternal own = current.duplicate();
    Promise<Void> handled = Promise.promise();
    own.runOnContext(v -> deliver(event, own).onComplete(handled));
    return handled.future();
  }

  private Future<Void> deliver(Event event, ContextInternal context) {
    Message message = event.message();
    Long epochDeadline = Deadlines.epochMillis(message); // read once: checked here, then the handler's deadline
    if (options.isDropExpired() && epochDeadline != null && Deadlines.isExpired(epochDeadline, options.getClock())) {
      // a broker's subscription drops these before they get here; a publication over the transport does not
      expired.increment();
      log.debug("{}: a message of {} came after its deadline and was dropped", service, event.topic());
      return options.isAutoAck() ? Future.succeededFuture() : event.ack();
    }
    String contentType = message.header(Headers.CONTENT_TYPE);
    Codec codec = codecs.find(contentType == null || contentType.isEmpty() ? Codecs.JSON : contentType);
    Metadata metadata = UnaryDispatch.metadataOf(message.headers());
    // the message's deadline becomes the handler's, so what it calls or publishes inherits it
    long deadline = epochDeadline == null ? 0 : Deadlines.toNanoDeadline(epochDeadline, System.nanoTime(), options.getClock());
    List<Future<Object>> handled = new ArrayList<>(methods.size());
    for (EndpointMethod method : methods) {
      Object decoded;
      try {
        if (codec == null) {
          throw new MicroException("go.micro.codec", "Unsupported Content-Type: " + contentType, 415);
        }
        decoded = codec.decode(message.body(), method.requestType);
      } catch (MicroException e) {
        undecodable.increment();
        errors.increment();
        log.warn("{}: a message of {} does not decode for {} and was set aside: {}", service, event.topic(),
          method.name, e.detail());
        continue;
      }
      CallContext callContext = new CallContext(service, method.name, metadata, deadline, null);
      if (context != null) {
        callContext.attach(context);
      }
      handled.add(invoke(method, decoded, callContext, event));
    }
    if (handled.isEmpty() && !options.isAutoAck()) {
      event.ack(); // set aside: no method will settle it
    }
    return Future.all(handled).<Void>mapEmpty().onFailure(err -> {
      errors.increment();
      log.warn("{}: a subscriber of {} failed: {}", service, event.topic(), err.getMessage());
    });
  }

  /** Calls the method, on a worker when it is {@link Blocking}. */
  private Future<Object> invoke(EndpointMethod method, Object message, CallContext context, Event event) {
    if (method.blocking) {
      return vertx.executeBlocking(() -> {
        try {
          return method.invoke(message, context, event);
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      }, false).compose(result -> UnaryDispatch.adapt(result, context));
    }
    try {
      return UnaryDispatch.adapt(method.invoke(message, context, event), context);
    } catch (Throwable e) {
      return Future.failedFuture(e);
    }
  }
}
