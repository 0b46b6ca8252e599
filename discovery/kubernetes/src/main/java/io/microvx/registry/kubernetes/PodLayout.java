package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.microvx.codec.Json;
import io.microvx.registry.Service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * go-micro's layout on a pod: labels {@code micro.mu/type=service} and {@code micro.mu/selector-<svc>=service},
 * and the annotation {@code micro.mu/service-<svc>} holding the service's JSON with this pod's nodes,
 * {@code <svc>} being the name with every character outside {@code [-A-Za-z0-9_.]} made {@code _}. Only
 * a Running pod's services count.
 */
final class PodLayout {

  static final String TYPE_LABEL = "micro.mu/type";
  static final String TYPE_VALUE = "service";
  static final String SELECTOR_PREFIX = "micro.mu/selector-";
  static final String SELECTOR_VALUE = "service";
  static final String ANNOTATION_PREFIX = "micro.mu/service-";
  static final String RUNNING = "Running";

  private PodLayout() {
  }

  /** The name as go-micro puts it in label and annotation keys. */
  static String escape(String name) {
    StringBuilder escaped = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      boolean kept = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
      escaped.append(kept ? c : '_');
    }
    return escaped.toString();
  }

  static String selectorLabel(String service) {
    return SELECTOR_PREFIX + escape(service);
  }

  static String annotation(String service) {
    return ANNOTATION_PREFIX + escape(service);
  }

  /**
   * Writes as Go's encoding/json does: map keys sorted, and {@code <}, {@code >}, {@code &}, U+2028 and
   * U+2029 escaped, so the annotation is byte for byte what a go-micro service would write.
   */
  private static final ObjectMapper SORTED = Json.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectWriter GO_JSON = SORTED.writer().with(new GoEscapes());

  private static final class GoEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      ascii['<'] = ESCAPE_CUSTOM;
      ascii['>'] = ESCAPE_CUSTOM;
      ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029
        ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }

  /**
   * The service JSON a go-micro service writes: every field present, in its order. go-micro builds a
   * service's endpoints, and a value's fields, by appending to nil slices and leaves the service's
   * metadata nil unless given, so those are {@code null} when empty; node and endpoint metadata are
   * always made, so {@code {}}.
   */
  static String encode(Service service) {
    try {
      ObjectNode json = SORTED.valueToTree(service);
      nullWhenEmpty(json, "metadata");
      nullWhenEmpty(json, "endpoints");
      if (json.get("endpoints") instanceof ArrayNode endpoints) {
        for (JsonNode endpoint : endpoints) {
          nullLeafValues(endpoint.get("request"));
          nullLeafValues(endpoint.get("response"));
        }
      }
      return GO_JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + service.name(), e);
    }
  }

  private static void nullWhenEmpty(ObjectNode json, String field) {
    JsonNode value = json.get(field);
    if (value != null && value.isContainerNode() && value.isEmpty()) {
      json.putNull(field);
    }
  }

  private static void nullLeafValues(JsonNode value) {
    if (value instanceof ObjectNode object) {
      nullWhenEmpty(object, "values");
      if (object.get("values") instanceof ArrayNode values) {
        values.forEach(PodLayout::nullLeafValues);
      }
    }
  }

  /** An annotation's service, or null when it is not one. */
  static Service decode(String json) {
    if (json == null) {
      return null;
    }
    try {
      Service service = Json.mapper().readValue(json, Service.class);
      return service == null || service.name() == null ? null : service;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  static boolean running(Pod pod) {
    return pod != null && pod.getStatus() != null && RUNNING.equals(pod.getStatus().getPhase());
  }

  /** The services a pod offers: none unless it is Running; one entry per service annotation. */
  static List<Service> services(Pod pod) {
    if (!running(pod) || pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null) {
      return List.of();
    }
    List<Service> services = new ArrayList<>();
    for (Map.Entry<String, String> annotation : pod.getMetadata().getAnnotations().entrySet()) {
      if (annotation.getKey().startsWith(ANNOTATION_PREFIX)) {
        Service service = decode(annotation.getValue());
        if (service != null) {
          services.add(service);
        }
      }
    }
    return services;
  }

  /** The service kept on a pod under {@code name}'s annotation, whether or not the pod runs. */
  static Service service(Pod pod, String name) {
    Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    Service service = annotations == null ? null : decode(annotations.get(annotation(name)));
    return service != null && service.name().equals(name) ? service : null;
  }
}
