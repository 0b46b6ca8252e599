package io.microvx.registry.mdns;

import io.microvx.codec.Json;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.mdns.DnsMessage.Question;
import io.microvx.registry.mdns.DnsMessage.Record;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** go-micro's names and TXT encoding, and the DNS messages carrying them; no network. */
class MdnsLayoutTest {

  private final MdnsLayout layout = new MdnsLayout("micro");

  @Test
  void txtStringsWrittenByGoDecodeToTheirJson() throws IOException {
    List<String> lines = goVector();
    String json = lines.get(1);
    List<String> texts = lines.subList(2, lines.size());
    assertThat(texts).as("Go cut them at 255 characters").allMatch(t -> t.length() <= 255).hasSizeGreaterThan(1);
    assertThat(MdnsLayout.decodeTxt(texts)).isEqualTo(Json.mapper().readValue(json, Map.class));
  }

  @Test
  void txtStringsWeWriteAreHexZlibOfGoMicrosJsonCutAt255() {
    Service service = new Service("go.micro.srv.greeter", "latest", Map.of(), endpoints(12),
      List.of(new Node("greeter-1", "10.0.0.5:41234", Map.of("transport", "http"))));
    List<String> texts = MdnsLayout.txt(service);
    assertThat(texts).hasSizeGreaterThan(1);
    assertThat(texts.subList(0, texts.size() - 1)).allMatch(t -> t.length() == 255);
    assertThat(texts.get(0)).as("zlib's header at the default level, as Go writes").startsWith("789c");
    Map<String, Object> fields = MdnsLayout.decodeTxt(texts);
    assertThat(fields).containsOnlyKeys("Service", "Version", "Endpoints", "Metadata")
      .containsEntry("Service", "go.micro.srv.greeter").containsEntry("Version", "latest")
      .containsEntry("Metadata", Map.of("transport", "http"));
  }

  @Test
  void aNodeIsPublishedUnderGoMicrosNamesAndReadBack() {
    Service service = new Service("go.micro.srv.greeter", "1.0", Map.of(), endpoints(1),
      List.of(new Node("go.micro.srv.greeter-5b1c", "10.0.0.5:41234", Map.of("protocol", "mucp"))));
    List<Record> records = layout.nodeRecords(service, 120);
    String instance = "go.micro.srv.greeter-5b1c.go.micro.srv.greeter.micro.";
    assertThat(records).extracting(Record::name)
      .containsExactly("go.micro.srv.greeter.micro.", instance, instance, instance);
    assertThat(records.get(0).target()).isEqualTo(instance);
    assertThat(records.get(1).port()).isEqualTo(41234);
    assertThat(records.get(3).address()).containsExactly(10, 0, 0, 5);
    assertThat(layout.listingRecords("go.micro.srv.greeter", 120).get(0))
      .isEqualTo(Record.ptr("_services.micro.", 120, "go.micro.srv.greeter._services.micro."));

    MdnsCache cache = new MdnsCache();
    cache.add(DnsMessage.decode(DnsMessage.response(records).encode()).records(), 0);
    assertThat(cache.nodes(layout, 1000).values()).containsExactly(service);
    cache.add(List.of(records.get(1).withTtl(0)), 1000);
    assertThat(cache.nodes(layout, 1000)).as("a goodbye of its SRV takes the node away").isEmpty();
  }

  @Test
  void recordsLapseWithTheirTtl() {
    Service service = new Service("greeter", "1.0", List.of(new Node("a", "127.0.0.1:1000")));
    MdnsCache cache = new MdnsCache();
    cache.add(layout.nodeRecords(service, 2), 10_000);
    assertThat(cache.nodes(layout, 11_999)).hasSize(1);
    assertThat(cache.prune(12_000)).isTrue();
    assertThat(cache.nodes(layout, 12_000)).isEmpty();
  }

  @Test
  void ipv6AndHostNameAddressesRoundTrip() {
    for (String address : List.of("[fd00::1]:8080", "[2001:db8:0:1:0:0:0:1]:1", "db.internal:5432")) {
      Service service = new Service("svc", "1.0", List.of(new Node("n", address)));
      MdnsCache cache = new MdnsCache();
      cache.add(DnsMessage.decode(DnsMessage.response(layout.nodeRecords(service, 60)).encode()).records(), 0);
      String expected = address.equals("[2001:db8:0:1:0:0:0:1]:1") ? "[2001:db8:0:1::1]:1" : address;
      assertThat(cache.nodes(layout, 0).values()).singleElement()
        .satisfies(s -> assertThat(s.nodes().get(0).address()).isEqualTo(expected));
    }
  }

  @Test
  void namesBeyondDnsLimitsDoNotFit() {
    assertThat(layout.fits("greeter", "greeter-" + "x".repeat(55))).isTrue();
    assertThat(layout.fits("greeter", "greeter-" + "x".repeat(56))).as("a 64-byte label").isFalse();
    assertThat(layout.fits("greeter", "a..b")).as("an empty label").isFalse();
    String long3 = "s".repeat(60) + "." + "t".repeat(60) + "." + "u".repeat(60);
    assertThat(layout.fits(long3, "v".repeat(60))).as("a name of 251 bytes").isTrue();
    assertThat(layout.fits(long3, "v".repeat(60) + "." + "w".repeat(10)))
      .as("a name over 255 bytes").isFalse();
  }

  @Test
  void compressedNamesAreRead() {
    // a response as Go's miekg/dns writes it: the SRV's name points back at the PTR's target
    Buffer packet = Buffer.buffer().appendUnsignedShort(0).appendUnsignedShort(0x8400)
      .appendUnsignedShort(0).appendUnsignedShort(2).appendUnsignedShort(0).appendUnsignedShort(0);
    int ptrName = packet.length();
    name(packet, "greeter", "micro");
    packet.appendUnsignedShort(DnsMessage.PTR).appendUnsignedShort(1).appendUnsignedInt(120);
    int targetAt = packet.length() + 2;
    Buffer target = Buffer.buffer().appendUnsignedByte((short) 6).appendString("node-1")
      .appendUnsignedShort(0xC000 | ptrName);
    packet.appendUnsignedShort(target.length()).appendBuffer(target);
    packet.appendUnsignedShort(0xC000 | targetAt).appendUnsignedShort(DnsMessage.SRV).appendUnsignedShort(0x8001)
      .appendUnsignedInt(120).appendUnsignedShort(8).appendUnsignedShort(0).appendUnsignedShort(0)
      .appendUnsignedShort(8080).appendUnsignedShort(0xC000 | targetAt);

    DnsMessage message = DnsMessage.decode(packet);
    assertThat(message.response()).isTrue();
    assertThat(message.records()).containsExactly(
      Record.ptr("greeter.micro.", 120, "node-1.greeter.micro."),
      Record.srv("node-1.greeter.micro.", 120, "node-1.greeter.micro.", 8080));
  }

  @Test
  void queriesRoundTrip() {
    DnsMessage query = DnsMessage.query(List.of(new Question("_services.micro.", DnsMessage.PTR)));
    assertThat(DnsMessage.decode(query.encode())).isEqualTo(query);
  }

  private static void name(Buffer out, String... labels) {
    for (String label : labels) {
      out.appendUnsignedByte((short) label.length()).appendString(label);
    }
    out.appendByte((byte) 0);
  }

  private static List<Endpoint> endpoints(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> new Endpoint("Greeter.Hello" + i,
      new Value("Request", "Request", List.of(new Value("name", "string"))), new Value("Response", "Response"),
      Map.of("stream", "false"))).toList();
  }

  private static List<String> goVector() throws IOException {
    try (InputStream in = MdnsLayoutTest.class.getResourceAsStream("/go-micro-txt.txt")) {
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }
}
