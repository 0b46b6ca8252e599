package io.microvx.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The endpoint options the API gateway routes by, as go-micro's {@code api.Endpoint} given with
 * {@code api.WithEndpoint}: {@code path} patterns, HTTP {@code method}s, {@code host}s, the gateway
 * {@code handler} and whether it needs a credential ({@code auth}). They become the endpoint's registry
 * metadata in go-micro's encoding (lists comma-separated). The annotation form is {@link ApiEndpoint}.
 */
public final class EndpointOptions {

  /** The gateway handlers an endpoint may name. */
  public static final Set<String> HANDLERS = Set.of("rpc", "api", "http", "proxy", "web", "event");

  private List<String> paths = List.of();
  private List<String> methods = List.of();
  private List<String> hosts = List.of();
  private String handler = "rpc";
  private boolean auth;
  private String description = "";

  public EndpointOptions() {
  }

  public EndpointOptions(EndpointOptions other) {
    this(other.toJson());
  }

  public EndpointOptions(JsonObject json) {
    setPaths(strings(json.getJsonArray("path")));
    setMethods(strings(json.getJsonArray("method")));
    setHosts(strings(json.getJsonArray("host")));
    setHandler(json.getString("handler", "rpc"));
    setAuth(json.getBoolean("auth", false));
    setDescription(json.getString("description", ""));
  }

  /** The options an annotation gives. */
  public static EndpointOptions of(ApiEndpoint annotation) {
    return new EndpointOptions().setPaths(List.of(annotation.path())).setMethods(List.of(annotation.method()))
      .setHosts(List.of(annotation.host())).setHandler(annotation.handler()).setAuth(annotation.auth())
      .setDescription(annotation.description());
  }

  public JsonObject toJson() {
    return new JsonObject().put("path", new JsonArray(paths)).put("method", new JsonArray(methods))
      .put("host", new JsonArray(hosts)).put("handler", handler).put("auth", auth).put("description", description);
  }

  /** Registry metadata as go-micro's {@code api.Encode} writes it (empty values left out), plus {@code auth}. */
  public Map<String, String> toMetadata(String endpoint) {
    validate(endpoint);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("endpoint", endpoint);
    metadata.put("handler", handler);
    metadata.put("path", String.join(",", paths));
    if (!methods.isEmpty()) {
      metadata.put("method", String.join(",", methods));
    }
    if (!hosts.isEmpty()) {
      metadata.put("host", String.join(",", hosts));
    }
    if (auth) {
      metadata.put("auth", "true");
    }
    if (!description.isEmpty()) {
      metadata.put("description", description);
    }
    return metadata;
  }

  /** Refuses what the gateway could not route by, naming the endpoint (as go-micro's {@code api.Validate}). */
  public void validate(String endpoint) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("endpoint " + endpoint + ": a route needs at least one path");
    }
    for (String path : paths) {
      if (path.isBlank() || path.contains(",")) {
        throw new IllegalArgumentException("endpoint " + endpoint + ": invalid path \"" + path + "\"");
      }
      try {
        Pattern.compile(path);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("endpoint " + endpoint + ": path \"" + path + "\" is not a regular expression");
      }
    }
    for (String method : methods) {
      if (!method.matches("[A-Z]+")) {
        throw new IllegalArgumentException("endpoint " + endpoint + ": invalid HTTP method \"" + method + "\"");
      }
    }
  }

  public List<String> getPaths() {
    return paths;
  }

  public EndpointOptions setPaths(List<String> paths) {
    this.paths = List.copyOf(paths);
    return this;
  }

  public EndpointOptions setPath(String... paths) {
    return setPaths(List.of(paths));
  }

  public List<String> getMethods() {
    return methods;
  }

  /** HTTP methods, upper-cased. */
  public EndpointOptions setMethods(List<String> methods) {
    List<String> upper = new ArrayList<>();
    methods.forEach(m -> upper.add(m.trim().toUpperCase(Locale.ROOT)));
    this.methods = List.copyOf(upper);
    return this;
  }

  public EndpointOptions setMethod(String... methods) {
    return setMethods(List.of(methods));
  }

  public List<String> getHosts() {
    return hosts;
  }

  public EndpointOptions setHosts(List<String> hosts) {
    this.hosts = List.copyOf(hosts);
    return this;
  }

  public EndpointOptions setHost(String... hosts) {
    return setHosts(List.of(hosts));
  }

  public String getHandler() {
    return handler;
  }

  public EndpointOptions setHandler(String handler) {
    String name = Objects.requireNonNull(handler, "handler").trim().toLowerCase(Locale.ROOT);
    if (!HANDLERS.contains(name)) {
      throw new IllegalArgumentException("invalid handler \"" + handler + "\": one of " + new java.util.TreeSet<>(HANDLERS));
    }
    this.handler = name;
    return this;
  }

  public boolean isAuth() {
    return auth;
  }

  public EndpointOptions setAuth(boolean auth) {
    this.auth = auth;
    return this;
  }

  public String getDescription() {
    return description;
  }

  public EndpointOptions setDescription(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> list.add(String.valueOf(v)));
    }
    return list;
  }
}
