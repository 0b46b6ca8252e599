package io.microvx.web.api;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.web.proxy.WebProxy;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON the pages read: a summary line per service for the list (and the live feed), the whole
 * service for its page. Registry data goes out as data, never as markup: the pages put it in the document
 * as text.
 */
final class ServiceJson {

  private ServiceJson() {
  }

  /** {@code {registry, services: [{name, versions, nodes, endpoints, web, revision}]}}. */
  static JsonObject summaries(RegistryMirror view, String namespace) {
    JsonArray list = new JsonArray();
    view.services().forEach((name, versions) -> list.add(summary(view, name, versions, namespace)));
    return new JsonObject().put("registry", view.registryName()).put("services", list);
  }

  private static JsonObject summary(RegistryMirror view, String name, List<Service> versions, String namespace) {
    JsonArray versionNames = new JsonArray();
    int nodes = 0;
    Set<String> endpoints = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    for (Service version : versions) {
      versionNames.add(version.version() == null ? "" : version.version());
      nodes += version.nodes().size();
      for (Endpoint endpoint : version.endpoints()) {
        if ("true".equals(endpoint.metadata().get("subscriber"))) {
          topics.add(endpoint.metadata().getOrDefault("topic", ""));
        } else {
          endpoints.add(endpoint.name());
        }
      }
    }
    JsonObject json = new JsonObject()
      .put("name", name)
      .put("versions", versionNames)
      .put("nodes", nodes)
      .put("endpoints", endpoints.size())
      .put("topics", new JsonArray(List.copyOf(topics)))
      .put("revision", view.revision(name));
    String web = webPath(name, namespace);
    if (web != null) {
      json.put("web", web);
    }
    return json;
  }

  /** {@code /hello/} for {@code go.micro.web.hello} when that name can be proxied, else null. */
  static String webPath(String name, String namespace) {
    String prefix = namespace + ".";
    if (!name.startsWith(prefix)) {
      return null;
    }
    String rest = name.substring(prefix.length());
    return WebProxy.isProxyName(rest) ? "/" + rest + "/" : null;
  }

  /** {@code {name, revision, web?, versions: [service…]}}. */
  static JsonObject service(RegistryMirror view, String name, String namespace) {
    JsonArray versions = new JsonArray();
    for (Service version : view.service(name)) {
      versions.add(service(version));
    }
    JsonObject json = new JsonObject().put("name", name).put("revision", view.revision(name)).put("versions", versions);
    String web = webPath(name, namespace);
    if (web != null) {
      json.put("web", web);
    }
    return json;
  }

  static JsonObject service(Service service) {
    JsonArray endpoints = new JsonArray();
    service.endpoints().forEach(e -> endpoints.add(endpoint(e)));
    JsonArray nodes = new JsonArray();
    service.nodes().forEach(n -> nodes.add(node(n)));
    return new JsonObject()
      .put("name", service.name())
      .put("version", service.version())
      .put("metadata", metadata(service.metadata()))
      .put("endpoints", endpoints)
      .put("nodes", nodes);
  }

  static JsonObject node(Node node) {
    return new JsonObject().put("id", node.id()).put("address", node.address()).put("metadata", metadata(node.metadata()));
  }

  static JsonObject endpoint(Endpoint endpoint) {
    return new JsonObject()
      .put("name", endpoint.name())
      .put("request", value(endpoint.request()))
      .put("response", value(endpoint.response()))
      .put("metadata", metadata(endpoint.metadata()));
  }

  static JsonObject value(Value value) {
    if (value == null) {
      return null;
    }
    JsonArray values = new JsonArray();
    value.values().forEach(v -> values.add(value(v)));
    return new JsonObject().put("name", value.name()).put("type", value.type()).put("values", values);
  }

  private static JsonObject metadata(Map<String, String> metadata) {
    JsonObject json = new JsonObject();
    new TreeMap<>(metadata).forEach(json::put);
    return json;
  }
}
