package io.microvx.registry.mdns;

import io.microvx.registry.Service;
import io.microvx.registry.mdns.DnsMessage.Record;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The SRV, TXT and address records heard, by name, each until its TTL runs out; a record heard with TTL
 * 0 (a goodbye) is dropped at once. Nodes are read from it as go-micro's watcher reads them: a name with
 * both an SRV and a TXT decoding to a service is a node, PTRs being left out (go-micro announces without
 * them). Not thread-safe: one registry's context uses it.
 */
final class MdnsCache {

  private record Heard(Record record, long expires) {
  }

  private final Map<String, Map<Integer, Heard>> byName = new LinkedHashMap<>();

  void add(Iterable<Record> records, long nowMillis) {
    for (Record record : records) {
      if (record.type() == DnsMessage.PTR) {
        continue;
      }
      String name = record.name().toLowerCase();
      if (record.ttl() == 0) {
        Map<Integer, Heard> types = byName.get(name);
        if (types != null) {
          types.remove(record.type());
          if (types.isEmpty()) {
            byName.remove(name);
          }
        }
        continue;
      }
      byName.computeIfAbsent(name, n -> new HashMap<>())
        .put(record.type(), new Heard(record, nowMillis + record.ttl() * 1000L));
    }
  }

  /** Drops what lapsed; whether anything did. */
  boolean prune(long nowMillis) {
    boolean pruned = false;
    var names = byName.values().iterator();
    while (names.hasNext()) {
      Map<Integer, Heard> types = names.next();
      pruned |= types.values().removeIf(heard -> heard.expires <= nowMillis);
      if (types.isEmpty()) {
        names.remove();
      }
    }
    return pruned;
  }

  /** The nodes heard, by instance name, each as its service with that one node. */
  Map<String, Service> nodes(MdnsLayout layout, long nowMillis) {
    Map<String, Service> nodes = new LinkedHashMap<>();
    byName.forEach((name, types) -> {
      Record srv = live(types.get(DnsMessage.SRV), nowMillis);
      Record txt = live(types.get(DnsMessage.TXT), nowMillis);
      if (srv == null || txt == null) {
        return;
      }
      Service service = layout.service(srv.name(), srv, txt, address(srv.target(), nowMillis));
      if (service != null) {
        nodes.put(name, service);
      }
    });
    return nodes;
  }

  /** The service names whose listing instances were heard. */
  Set<String> listed(MdnsLayout layout, long nowMillis) {
    Set<String> names = new LinkedHashSet<>();
    byName.forEach((name, types) -> {
      Record srv = live(types.get(DnsMessage.SRV), nowMillis);
      String service = srv == null ? null : layout.listedService(srv.name());
      if (service != null) {
        names.add(service);
      }
    });
    return names;
  }

  private byte[] address(String host, long nowMillis) {
    Map<Integer, Heard> types = byName.get(host.toLowerCase());
    if (types == null) {
      return null;
    }
    Record a = live(types.get(DnsMessage.A), nowMillis);
    if (a != null) {
      return a.address();
    }
    Record aaaa = live(types.get(DnsMessage.AAAA), nowMillis);
    return aaaa == null ? null : aaaa.address();
  }

  private static Record live(Heard heard, long nowMillis) {
    return heard == null || heard.expires <= nowMillis ? null : heard.record;
  }
}
