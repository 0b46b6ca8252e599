package io.microvx.registry.mdns;

import com.fasterxml.jackson.core.type.TypeReference;
import io.microvx.codec.Json;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.mdns.DnsMessage.Record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * go-micro's mdns registry layout, so Go services and ours find each other on one LAN:
 *
 * <ul>
 *   <li>each node is the instance {@code <node-id>.<service>.<domain>.}, pointed at by a PTR from
 *   {@code <service>.<domain>.}, with an SRV (the node's port), a TXT, and an A (AAAA) record of its IP;</li>
 *   <li>the TXT strings are hex(zlib(JSON {@code {"Service","Version","Endpoints","Metadata"}})) cut into
 *   strings of at most 255 characters, {@code Metadata} being the node's; readers join them again;</li>
 *   <li>each service has one more instance for listing, {@code <service>._services.<domain>.}, port 9999,
 *   IP 0.0.0.0 and an empty TXT.</li>
 * </ul>
 */
final class MdnsLayout {

  static final String SERVICES = "_services";
  /** A zlib stream inflating past this is not one any registry wrote: reading stops there. */
  private static final int MAX_TXT_JSON = 1 << 20;
  private static final byte[] ANY_IPV4 = {0, 0, 0, 0};

  private final String domain;

  MdnsLayout(String domain) {
    this.domain = trimDots(domain);
  }

  /** {@code <service>.<domain>.}, the name PTR queries for a service ask. */
  String serviceType(String service) {
    return service + "." + domain + ".";
  }

  /** {@code _services.<domain>.}, the name a query for every service asks. */
  String servicesType() {
    return serviceType(SERVICES);
  }

  String instance(String service, String nodeId) {
    return nodeId + "." + serviceType(service);
  }

  /** Whether the names this node would be published under fit DNS (labels of 1–63 bytes, names of 255). */
  boolean fits(String service, String nodeId) {
    return DnsMessage.fits(instance(service, nodeId)) && DnsMessage.fits(service + "." + servicesType());
  }

  /** The records publishing a service's one node with this TTL (0: its goodbye). */
  List<Record> nodeRecords(Service single, int ttl) {
    Node node = single.nodes().get(0);
    String instance = instance(single.name(), node.id());
    byte[] ip = ipLiteral(node.host());
    List<Record> records = new ArrayList<>(4);
    records.add(Record.ptr(serviceType(single.name()), ttl, instance));
    // an IP gets an address record under the instance's own name, so that nodes of one host never share
    // (and overwrite) a host name's records; a host name is left for the reader to resolve
    records.add(Record.srv(instance, ttl, ip != null ? instance : trimDots(node.host()) + ".", Math.max(0, node.port())));
    records.add(Record.txt(instance, ttl, txt(single)));
    if (ip != null) {
      records.add(Record.address(instance, ttl, ip));
    }
    return records;
  }

  /** The records of a service's listing instance, which {@code _services} queries find. */
  List<Record> listingRecords(String service, int ttl) {
    String instance = service + "." + servicesType();
    return List.of(Record.ptr(servicesType(), ttl, instance), Record.srv(instance, ttl, instance, 9999),
      Record.txt(instance, ttl, List.of()), Record.address(instance, ttl, ANY_IPV4));
  }

  /** The service name a listing instance names, or null when the name is not one. */
  String listedService(String instance) {
    String suffix = "." + servicesType();
    return instance.endsWith(suffix) ? instance.substring(0, instance.length() - suffix.length()) : null;
  }

  /**
   * The service (with its one node) an instance's records describe, or null when they are not a node of
   * this layout (another domain, an undecodable TXT, a listing instance).
   */
  Service service(String instance, Record srv, Record txt, byte[] address) {
    if (!instance.endsWith("." + domain + ".")) {
      return null;
    }
    Map<String, Object> fields = decodeTxt(txt.texts());
    if (fields == null || !(fields.get("Service") instanceof String name) || name.isEmpty()) {
      return null;
    }
    String suffix = "." + serviceType(name);
    if (!instance.endsWith(suffix)) {
      return null;
    }
    String id = instance.substring(0, instance.length() - suffix.length());
    String host = address != null ? ipString(address) : trimDots(srv.target());
    @SuppressWarnings("unchecked")
    Map<String, String> metadata = fields.get("Metadata") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    List<Endpoint> endpoints = fields.get("Endpoints") == null ? List.of()
      : Json.mapper().convertValue(fields.get("Endpoints"), new TypeReference<List<Endpoint>>() { });
    String version = fields.get("Version") instanceof String v ? v : "";
    return new Service(name, version, Map.of(), endpoints, List.of(new Node(id, Node.address(host, srv.port()), metadata)));
  }

  /** hex(zlib(JSON)) in strings of at most 255 characters, as go-micro's {@code encode}. */
  static List<String> txt(Service single) {
    Map<String, Object> fields = new LinkedHashMap<>(); // Go's field order
    fields.put("Service", single.name());
    fields.put("Version", single.version());
    fields.put("Endpoints", single.endpoints());
    fields.put("Metadata", single.nodes().get(0).metadata());
    try {
      byte[] json = Json.mapper().writeValueAsBytes(fields);
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION); // zlib framing, header 78 9c as Go's
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream zlib = new ByteArrayOutputStream(json.length / 2 + 16);
      byte[] chunk = new byte[4096];
      while (!deflater.finished()) {
        zlib.write(chunk, 0, deflater.deflate(chunk));
      }
      deflater.end();
      String hex = HexFormat.of().formatHex(zlib.toByteArray());
      List<String> strings = new ArrayList<>(hex.length() / 255 + 1);
      for (int from = 0; from < hex.length(); from += 255) {
        strings.add(hex.substring(from, Math.min(hex.length(), from + 255)));
      }
      return strings;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the TXT of " + single.name(), e);
    }
  }

  /** The TXT's JSON fields, or null when the strings are not hex(zlib(JSON object)). */
  static Map<String, Object> decodeTxt(List<String> texts) {
    String hex = String.join("", texts);
    if (hex.isEmpty() || hex.length() % 2 != 0) {
      return null;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(HexFormat.of().parseHex(hex));
      ByteArrayOutputStream json = new ByteArrayOutputStream(hex.length());
      byte[] chunk = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        json.write(chunk, 0, n);
        if (json.size() > MAX_TXT_JSON) {
          return null;
        }
      }
      return Json.mapper().readValue(json.toByteArray(), new TypeReference<Map<String, Object>>() { });
    } catch (IllegalArgumentException | DataFormatException | IOException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /** The bytes of an IP literal, or null for a host name (never resolved here). */
  static byte[] ipLiteral(String host) {
    boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address's text, IPv6 in its shortest form (RFC 5952), as a node address carries it. */
  static String ipString(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static String trimDots(String name) {
    String trimmed = name;
    while (trimmed.startsWith(".")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith(".")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
