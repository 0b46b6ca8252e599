package io.microvx.server;

import io.microvx.metadata.CallContext;

/** A unary call as handler wrappers see it: where it goes, its decoded body and its context. */
public final class ServerRequest {

  private final String service;
  private final String endpoint;
  private final String contentType;
  private final Object body;
  private final CallContext context;
  final EndpointMethod method;

  ServerRequest(String service, String endpoint, String contentType, Object body, CallContext context, EndpointMethod method) {
    this.service = service;
    this.endpoint = endpoint;
    this.contentType = contentType;
    this.body = body;
    this.context = context;
    this.method = method;
  }

  public String service() {
    return service;
  }

  /** {@code Type.Method}. */
  public String endpoint() {
    return endpoint;
  }

  public String contentType() {
    return contentType;
  }

  /** The request, decoded into the handler method's parameter type. */
  public Object body() {
    return body;
  }

  public CallContext context() {
    return context;
  }
}
