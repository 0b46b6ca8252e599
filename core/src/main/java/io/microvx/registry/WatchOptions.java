package io.microvx.registry;

import io.vertx.core.json.JsonObject;

/** Options of a watch: the one service to watch, or every service when none is set. */
public class WatchOptions {

  private String service;

  public WatchOptions() {
  }

  public WatchOptions(WatchOptions other) {
    this.service = other.service;
  }

  public WatchOptions(JsonObject json) {
    this.service = json.getString("service");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (service != null) {
      json.put("service", service);
    }
    return json;
  }

  public String getService() {
    return service;
  }

  public WatchOptions setService(String service) {
    this.service = service;
    return this;
  }

  /** Whether an event about the named service passes this watch's filter. */
  public boolean matches(String serviceName) {
    return service == null || service.equals(serviceName);
  }
}
