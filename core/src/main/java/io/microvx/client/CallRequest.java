package io.microvx.client;

import io.microvx.metadata.Metadata;
import io.microvx.registry.Node;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A call as it travels through the wrappers: target, encoded body, options, and the state wrappers fill
 * in — the deadline, the merged metadata, the node of the current attempt and the nodes already tried.
 * One request belongs to one call; its attempts run one after another.
 */
public final class CallRequest {

  private final String id;
  private final String service;
  private final String endpoint;
  private final Buffer body;
  private final String contentType;
  private final CallOptions options;
  private Metadata metadata;
  private long deadline;
  private Node node;
  private int attempt = 1;
  private Set<String> tried;

  public CallRequest(String id, String service, String endpoint, Buffer body, String contentType, CallOptions options) {
    this.id = id;
    this.service = service;
    this.endpoint = endpoint;
    this.body = body;
    this.contentType = contentType;
    this.options = options;
    this.metadata = options.getMetadata();
  }

  /** The {@code Micro-Id} of the call. */
  public String id() {
    return id;
  }

  public String service() {
    return service;
  }

  public String endpoint() {
    return endpoint;
  }

  public Buffer body() {
    return body;
  }

  public String contentType() {
    return contentType;
  }

  public CallOptions options() {
    return options;
  }

  public Metadata metadata() {
    return metadata;
  }

  public CallRequest metadata(Metadata metadata) {
    this.metadata = metadata;
    return this;
  }

  /** The {@link System#nanoTime()} instant the call gives up, 0 before the deadline wrapper set it. */
  public long deadline() {
    return deadline;
  }

  public CallRequest deadline(long deadline) {
    this.deadline = deadline;
    return this;
  }

  /** Time left before the deadline, zero once passed; null when there is no deadline. */
  public Duration remaining() {
    return deadline == 0 ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  public boolean isExpired() {
    return deadline != 0 && System.nanoTime() - deadline >= 0;
  }

  /** The node of the current attempt; null outside attempt wrappers. */
  public Node node() {
    return node;
  }

  public CallRequest node(Node node) {
    this.node = node;
    return this;
  }

  /** 1 for the first attempt. */
  public int attempt() {
    return attempt;
  }

  public CallRequest attempt(int attempt) {
    this.attempt = attempt;
    return this;
  }

  /** Ids of the nodes this call has tried, avoided by later attempts while others remain. */
  public Set<String> tried() {
    return tried == null ? Set.of() : tried;
  }

  public void markTried(String nodeId) {
    if (tried == null) {
      tried = new HashSet<>(4);
    }
    tried.add(nodeId);
  }
}
