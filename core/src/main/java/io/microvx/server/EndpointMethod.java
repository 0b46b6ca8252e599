package io.microvx.server;

import io.microvx.broker.Event;
import io.microvx.metadata.CallContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

/**
 * A public method of a handler object serving endpoint {@code Type.Method}: one request parameter, and
 * optionally a {@link CallContext} parameter (before or after it); a subscriber's method may also take the
 * {@link Event} it handles.
 *
 * <ul>
 *   <li>Unary: returns {@code T}, {@code Future<T>}, {@code Uni<T>}, {@code CompletionStage<T>} or
 *   nothing.</li>
 *   <li>Server stream: takes a request, returns {@code Multi<T>}.</li>
 *   <li>Bidirectional stream: takes {@code Multi<Req>}, returns {@code Multi<T>}.</li>
 * </ul>
 */
final class EndpointMethod {

  enum Kind { UNARY, SERVER_STREAM, BIDI_STREAM }

  final String name;
  final Object target;
  final Method method;
  final Kind kind;
  final Type requestType;
  final Type responseType;
  final boolean blocking;
  /** The gateway route its {@link ApiEndpoint} annotation declares, or null. */
  final EndpointOptions api;
  private final int requestIndex;
  private final int contextIndex;
  private final int eventIndex;

  private EndpointMethod(String name, Object target, Method method, Kind kind, Type requestType, Type responseType,
                         int requestIndex, int contextIndex, int eventIndex) {
    this.name = name;
    this.target = target;
    this.method = method;
    this.kind = kind;
    this.requestType = requestType;
    this.responseType = responseType;
    this.requestIndex = requestIndex;
    this.contextIndex = contextIndex;
    this.eventIndex = eventIndex;
    this.blocking = method.isAnnotationPresent(Blocking.class);
    ApiEndpoint annotation = method.getAnnotation(ApiEndpoint.class);
    this.api = annotation == null ? null : EndpointOptions.of(annotation);
    if (api != null) {
      // a route the gateway could not use is refused when the handler is added, not found out in production
      api.validate(name);
    }
  }

  /** The endpoint a method serves, or null when its shape is not a handler method's. */
  static EndpointMethod of(String handlerName, Object target, Method method) {
    return of(handlerName, target, method, false);
  }

  /** As {@link #of(String, Object, Method)}; a subscriber's method may take an {@link Event} too. */
  static EndpointMethod of(String handlerName, Object target, Method method, boolean subscriber) {
    if (Modifier.isStatic(method.getModifiers()) || method.isBridge() || method.isSynthetic()
      || method.getDeclaringClass() == Object.class) {
      return null;
    }
    Type[] params = method.getGenericParameterTypes();
    int contextIndex = -1;
    int requestIndex = -1;
    int eventIndex = -1;
    for (int i = 0; i < params.length; i++) {
      if (params[i] == CallContext.class && contextIndex < 0) {
        contextIndex = i;
      } else if (subscriber && params[i] == Event.class && eventIndex < 0) {
        eventIndex = i;
      } else if (requestIndex < 0) {
        requestIndex = i;
      } else {
        return null;
      }
    }
    if (requestIndex < 0) {
      return null;
    }
    Type request = params[requestIndex];
    Type returned = method.getGenericReturnType();
    boolean streamsIn = rawType(request) == Multi.class;
    boolean streamsOut = rawType(returned) == Multi.class;
    if (streamsIn && !streamsOut) {
      return null; // a stream of requests needs a stream of replies
    }
    Kind kind = streamsIn ? Kind.BIDI_STREAM : streamsOut ? Kind.SERVER_STREAM : Kind.UNARY;
    Type requestType = streamsIn ? typeArgument(request) : request;
    Type responseType = unwrapResult(returned);
    method.trySetAccessible();
    String endpoint = handlerName + "." + Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
    return new EndpointMethod(endpoint, target, method, kind, requestType, responseType, requestIndex, contextIndex,
      eventIndex);
  }

  private static Type unwrapResult(Type returned) {
    Class<?> raw = rawType(returned);
    if (raw == void.class || raw == Void.class) {
      return Void.class;
    }
    if (raw == Future.class || raw == Uni.class || raw == Multi.class || CompletionStage.class.isAssignableFrom(raw)) {
      return typeArgument(returned);
    }
    return returned;
  }

  static Class<?> rawType(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  boolean isStream() {
    return kind != Kind.UNARY;
  }

  /** Whether the method takes the event it handles (so it can settle it itself). */
  boolean takesEvent() {
    return eventIndex >= 0;
  }

  /** Calls the method; what it threw is rethrown as itself, not as a reflection wrapper. */
  Object invoke(Object request, CallContext context) throws Throwable {
    return invoke(request, context, null);
  }

  Object invoke(Object request, CallContext context, Event event) throws Throwable {
    Object[] args = new Object[1 + (contextIndex < 0 ? 0 : 1) + (eventIndex < 0 ? 0 : 1)];
    args[requestIndex] = request;
    if (contextIndex >= 0) {
      args[contextIndex] = context;
    }
    if (eventIndex >= 0) {
      args[eventIndex] = event;
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
