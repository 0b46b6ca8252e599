package io.microvx.registry;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What every registry plugin needs done the same way: checking a registration, folding a watch event
 * into the versions of a service, and turning two snapshots of a backend into the events between them
 * (for backends that can only be listed, or whose own events say less than a {@link WatchEvent} must).
 */
public final class Services {

  private Services() {
  }

  /**
   * Succeeds when the service can be registered (or deregistered): it has a name, and every node an id.
   * Otherwise fails with a {@link MicroException} 400 saying what is missing, as the registry would.
   */
  public static Future<Void> validate(Service service) {
    if (service == null || service.name() == null || service.name().isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.registry", "a service needs a name"));
    }
    for (Node node : service.nodes()) {
      if (node.id() == null || node.id().isBlank()) {
        return Future.failedFuture(
          MicroException.badRequest("go.micro.registry", "every node of %s needs an id", service.name()));
      }
    }
    return Future.succeededFuture();
  }

  /**
   * The versions after the event, as {@link WatchEvent} defines it: a create or update replaces the
   * version's metadata and endpoints and adds or replaces the nodes it carries (adding the version when
   * new); a delete removes the nodes it names from its version, or from every version of the service
   * when it has none, and a version left without nodes goes. A delete naming no node changes nothing.
   * Entries of other services are left as they are; the given list is not modified.
   */
  public static List<Service> merge(List<Service> versions, WatchEvent event) {
    Service changed = event.service();
    boolean delete = event.action() == WatchEvent.Action.DELETE;
    boolean everyVersion = delete && changed.version() == null;
    Set<String> touched = ids(changed.nodes());
    List<Service> result = new ArrayList<>(versions.size() + 1);
    boolean found = false;
    for (Service version : versions) {
      if (!Objects.equals(version.name(), changed.name())
        || !everyVersion && !Objects.equals(version.version(), changed.version())) {
        result.add(version);
        continue;
      }
      found = true;
      List<Node> nodes = new ArrayList<>(version.nodes().size() + changed.nodes().size());
      for (Node node : version.nodes()) {
        if (!touched.contains(node.id())) {
          nodes.add(node);
        }
      }
      if (delete) {
        // as go-micro's cache: a delete naming no node leaves the version's nodes alone
        if (!nodes.isEmpty()) {
          result.add(nodes.size() == version.nodes().size() ? version : version.withNodes(nodes));
        }
      } else {
        nodes.addAll(changed.nodes());
        result.add(changed.withNodes(nodes));
      }
    }
    if (!found && !delete) {
      result.add(changed);
    }
    return result;
  }

  /**
   * The events leading from one snapshot to the other, each list holding any number of services and
   * versions. Per version: a new one is a CREATE with its nodes; added or changed nodes, or changed
   * metadata or endpoints, are one UPDATE with the new template and those nodes; nodes gone are one
   * DELETE with them (a version gone entirely: with its last nodes). Folding the events into
   * {@code before} with {@link #merge} gives {@code after}; equal snapshots give no event.
   *
   * <p>A version without nodes counts as absent, there being nothing to reach; a version is named in a
   * snapshot (the empty string when there is none), since a delete without one means every version.
   */
  public static List<WatchEvent> diff(List<Service> before, List<Service> after) {
    Map<VersionKey, Service> was = index(before);
    Map<VersionKey, Service> now = index(after);
    List<WatchEvent> events = new ArrayList<>();
    for (Map.Entry<VersionKey, Service> entry : now.entrySet()) {
      Service current = entry.getValue();
      Service previous = was.get(entry.getKey());
      if (previous == null) {
        events.add(new WatchEvent(WatchEvent.Action.CREATE, current));
        continue;
      }
      Map<String, Node> known = byId(previous.nodes());
      List<Node> changed = current.nodes().stream().filter(node -> !node.equals(known.get(node.id()))).toList();
      boolean template = !previous.metadata().equals(current.metadata())
        || !previous.endpoints().equals(current.endpoints());
      if (template || !changed.isEmpty()) {
        events.add(new WatchEvent(WatchEvent.Action.UPDATE, current.withNodes(changed)));
      }
    }
    for (Map.Entry<VersionKey, Service> entry : was.entrySet()) {
      Service previous = entry.getValue();
      Service current = now.get(entry.getKey());
      Set<String> staying = current == null ? Set.of() : ids(current.nodes());
      List<Node> gone = previous.nodes().stream().filter(node -> !staying.contains(node.id())).toList();
      if (!gone.isEmpty()) {
        events.add(new WatchEvent(WatchEvent.Action.DELETE, (current == null ? previous : current).withNodes(gone)));
      }
    }
    return events;
  }

  private record VersionKey(String name, String version) {
  }

  /** The snapshot's versions with nodes, in order; entries repeating a version add their nodes to it. */
  private static Map<VersionKey, Service> index(List<Service> snapshot) {
    Map<VersionKey, Service> versions = new LinkedHashMap<>();
    for (Service service : snapshot) {
      if (service.nodes().isEmpty()) {
        continue;
      }
      versions.merge(new VersionKey(service.name(), service.version()), service, (first, more) -> {
        Map<String, Node> nodes = byId(first.nodes());
        more.nodes().forEach(node -> nodes.put(node.id(), node));
        return more.withNodes(List.copyOf(nodes.values()));
      });
    }
    return versions;
  }

  private static Map<String, Node> byId(List<Node> nodes) {
    Map<String, Node> byId = new LinkedHashMap<>();
    nodes.forEach(node -> byId.put(node.id(), node));
    return byId;
  }

  private static Set<String> ids(List<Node> nodes) {
    Set<String> ids = new HashSet<>();
    nodes.forEach(node -> ids.add(node.id()));
    return ids;
  }
}
