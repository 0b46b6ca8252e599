package io.microvx.registry.vertx;

import io.microvx.codec.Json;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.types.HttpEndpoint;

import java.util.List;
import java.util.Map;

/**
 * How a micro service node is kept as a Service Discovery record, one record per node: an
 * {@code http-endpoint} named after the service, located at the node's address, its metadata carrying
 * the service JSON with that node only ({@value #SERVICE}), the node id ({@value #NODE}), the version
 * ({@value #VERSION}) and when the registration lapses ({@value #EXPIRES}, epoch milliseconds, 0 for
 * never). A plain Vert.x app finds such a record by name ({@code HttpEndpoint.getWebClient(discovery,
 * new JsonObject().put("name", "greeter"))}) and may read the service back with {@link #service(Record)}.
 */
public final class MicroRecords {

  /** The service JSON, go-micro's shape, with the record's one node. */
  public static final String SERVICE = "micro.service";
  /** The micro node id: stable across renewals, unlike the record's registration id. */
  public static final String NODE = "micro.node";
  /** The service version. */
  public static final String VERSION = "micro.version";
  /** When the registration lapses unless renewed, epoch milliseconds; 0 when it has no TTL. */
  public static final String EXPIRES = "micro.expires";
  /** What the last write was: {@code register}, {@code update} or {@code renewal} (a renewal changes nothing a watcher sees). */
  public static final String CHANGE = "micro.change";

  static final String REGISTER = "register";
  static final String UPDATE = "update";
  static final String RENEWAL = "renewal";

  private MicroRecords() {
  }

  /** Whether the record is a micro node's. */
  public static boolean isMicro(Record record) {
    JsonObject metadata = record.getMetadata();
    return metadata != null && metadata.getValue(SERVICE) instanceof JsonObject && metadata.getValue(NODE) instanceof String;
  }

  /** The service with the record's one node, as it was registered. */
  public static Service service(Record record) {
    return service(record.getMetadata().getJsonObject(SERVICE));
  }

  static Service service(JsonObject json) {
    return Json.mapper().convertValue(json.getMap(), Service.class);
  }

  /** When the record lapses (epoch ms), or 0 for never. */
  public static long expiresAt(Record record) {
    Object value = record.getMetadata().getValue(EXPIRES);
    return value instanceof Number n ? n.longValue() : 0;
  }

  static boolean expired(Record record, long now) {
    long expires = expiresAt(record);
    return expires > 0 && expires <= now;
  }

  static String nodeId(Record record) {
    return record.getMetadata().getString(NODE);
  }

  static String change(Record record) {
    return record.getMetadata().getString(CHANGE, REGISTER);
  }

  /** The record of one node of a service (a service holding exactly that node). */
  static Record record(Service service, Node node, long expiresAt, String change) {
    Service one = service.withNodes(List.of(node));
    @SuppressWarnings("unchecked")
    JsonObject json = new JsonObject((Map<String, Object>) Json.mapper().convertValue(one, Map.class));
    JsonObject metadata = new JsonObject()
      .put(SERVICE, json)
      .put(NODE, node.id())
      .put(VERSION, service.version())
      .put(EXPIRES, expiresAt)
      .put(CHANGE, change);
    // an address that is not host:port (another transport's) is kept whole as the host, port 0
    int port = node.port();
    String host = port < 0 ? node.address() : node.host();
    return HttpEndpoint.createRecord(service.name(), false, host, Math.max(port, 0), "/", metadata);
  }
}
