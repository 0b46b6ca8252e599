package io.microvx.web.api;

import io.microvx.client.CallOptions;
import io.microvx.client.CallStream;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.metadata.Metadata;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls made for the dashboard's user, all through the normal client (its selector, retries and
 * timeouts): an endpoint with a raw JSON request, and {@code Debug.Health} / {@code Debug.Stats} on each
 * node. A node address may only name a node the registry lists for that service, so the dashboard never
 * calls a host its user typed.
 */
final class ServiceCalls {

  /** How long a node is given to answer Debug.Health or Debug.Stats. */
  static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

  /** How a call went: the reply or the error, and how long it took. */
  record Outcome(Buffer reply, MicroException error, long nanos) {

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("ok", error == null).put("latencyMs", nanos / 1_000_000.0);
      if (error == null) {
        json.put("reply", decode(reply));
      } else {
        json.put("error", error.toJsonObject());
      }
      return json;
    }
  }

  /** One node's answers to Debug.Health and Debug.Stats. */
  record NodeReport(String version, Node node, Outcome health, Outcome stats) {
  }

  private final Client client;
  private final RegistryMirror view;
  private final Duration maxTimeout;

  ServiceCalls(Client client, RegistryMirror view, Duration maxTimeout) {
    this.client = client;
    this.view = view;
    this.maxTimeout = maxTimeout;
  }

  /**
   * Calls an endpoint with a JSON request; never fails: a failure is an {@link Outcome} with its error.
   * A null timeout leaves the client's default; a longer one than allowed is cut.
   */
  Future<Outcome> call(String service, String endpoint, Buffer request, String address, Duration timeout) {
    return call(service, endpoint, request, address, timeout, Metadata.empty());
  }

  /** As above, the call carrying the metadata given (headers on go-micro's wire). */
  Future<Outcome> call(String service, String endpoint, Buffer request, String address, Duration timeout,
                       Metadata metadata) {
    CallOptions options = new CallOptions().setContentType("application/json").setMetadata(metadata);
    if (timeout != null) {
      options.setTimeout(timeout.compareTo(maxTimeout) > 0 ? maxTimeout : timeout);
    }
    if (address != null && !address.isBlank()) {
      if (!isNode(service, address)) {
        return Future.succeededFuture(new Outcome(null, MicroException.badRequest(Replies.ID,
          "%s is not a node of service %s", address, service), 0));
      }
      options.setAddress(address).setRetries(0);
    }
    long began = System.nanoTime();
    return client.call(service, endpoint, request, Buffer.class, options)
      .map(reply -> new Outcome(reply, null, System.nanoTime() - began))
      .otherwise(failure -> new Outcome(null, MicroException.from(Replies.ID, failure), System.nanoTime() - began));
  }

  /**
   * Opens a stream call with one JSON request and the sending side ended (a server stream; a bidirectional
   * endpoint sees one message). The stream ends by the timeout given, cut to the longest allowed, which is
   * also the default: a stream opened from a page never outlives it by much.
   */
  Future<CallStream<Object, Buffer>> stream(String service, String endpoint, Buffer request, String address,
                                           Duration timeout, Metadata metadata) {
    CallOptions options = new CallOptions().setContentType("application/json").setMetadata(metadata)
      .setStreamTimeout(timeout == null || timeout.compareTo(maxTimeout) > 0 ? maxTimeout : timeout);
    if (address != null && !address.isBlank()) {
      if (!isNode(service, address)) {
        return Future.failedFuture(MicroException.badRequest(Replies.ID, "%s is not a node of service %s", address, service));
      }
      options.setAddress(address).setRetries(0);
    }
    return client.stream(service, endpoint, request, Buffer.class, options);
  }

  /** Health and stats of every node of the service, asked of each node directly and in parallel. */
  Future<List<NodeReport>> nodes(String service) {
    List<Future<NodeReport>> reports = new ArrayList<>();
    for (Service version : view.service(service)) {
      for (Node node : version.nodes()) {
        Buffer empty = Buffer.buffer("{}");
        Future<Outcome> health = call(service, "Debug.Health", empty, node.address(), NODE_TIMEOUT);
        Future<Outcome> stats = call(service, "Debug.Stats", empty, node.address(), NODE_TIMEOUT);
        reports.add(Future.all(health, stats).map(v -> new NodeReport(version.version(), node, health.result(), stats.result())));
      }
    }
    return Future.all(reports).map(all -> {
      List<NodeReport> list = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        list.add(all.resultAt(i));
      }
      return list;
    });
  }

  private boolean isNode(String service, String address) {
    return registered(service, address) != null;
  }

  /** A registered node and the version it is registered under. */
  record Registered(String version, Node node) {
  }

  /** The node of the service at that address, as the registry lists it, or null. */
  Registered registered(String service, String address) {
    for (Service version : view.service(service)) {
      for (Node node : version.nodes()) {
        if (node.address().equals(address)) {
          return new Registered(version.version(), node);
        }
      }
    }
    return null;
  }

  /** A reply as JSON when it is JSON, otherwise as text. */
  static Object decode(Buffer reply) {
    if (reply == null || reply.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(reply);
    } catch (DecodeException e) {
      return reply.toString();
    }
  }
}
