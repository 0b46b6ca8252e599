package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** go-micro's broker envelope, byte for byte as Go's encoding/json writes broker.Message. */
class EnvelopeTest {

  @Test
  void encodesAsGoWritesBrokerMessage() {
    Message message = new Message(Map.of("Micro-Topic", "news"), Buffer.buffer("hi"));
    assertThat(new String(Envelope.encodeBytes(null, message), StandardCharsets.UTF_8))
      .isEqualTo("{\"Header\":{\"Micro-Topic\":\"news\"},\"Body\":\"aGk=\"}");
    assertThat(Envelope.encode("news", message).toString())
      .isEqualTo("{\"Header\":{\"Micro-Topic\":\"news\",\":topic\":\"news\"},\"Body\":\"aGk=\"}");
    assertThat(Envelope.encode("news", new Message(Map.of(), Buffer.buffer())).toString())
      .isEqualTo("{\"Header\":{\":topic\":\"news\",\"Micro-Topic\":\"news\"},\"Body\":\"\"}");
    assertThat(Envelope.encode(null, new Message(Map.of(), Buffer.buffer("hi!"))).toString())
      .isEqualTo("{\"Header\":{},\"Body\":\"aGkh\"}");
    // a header that needs escaping takes the general writer; the result reads back the same
    Message escaped = new Message(Map.of("q", "a\"b"), Buffer.buffer("hi"));
    assertThat(Envelope.encode(null, escaped).toString()).isEqualTo("{\"Header\":{\"q\":\"a\\\"b\"},\"Body\":\"aGk=\"}");
  }

  @Test
  void theBodyIsStandardBase64AtEveryLengthAndByte() {
    java.util.Random random = new java.util.Random(7);
    for (int length = 0; length <= 300; length++) {
      byte[] body = new byte[length];
      random.nextBytes(body);
      if (length == 3) {
        java.util.Arrays.fill(body, (byte) 0xff); // the alphabet's last letters, "//"
      }
      String json = new String(Envelope.encodeBytes(null, new Message(Map.of("k", "v"), Buffer.buffer(body))),
        StandardCharsets.US_ASCII);
      assertThat(json).isEqualTo("{\"Header\":{\"k\":\"v\"},\"Body\":\"" + java.util.Base64.getEncoder().encodeToString(body) + "\"}");
    }
  }

  @Test
  void decodesWhatGoWritesIncludingANilHeaderAndUrlSafeBase64() {
    Envelope.Decoded go = Envelope.decodeMessage("{\"Header\":{\":topic\":\"news\",\"k\":\"v\"},\"Body\":\"aGk=\"}"
      .getBytes(StandardCharsets.UTF_8));
    assertThat(go.topic()).isEqualTo("news");
    assertThat(go.message().headers()).isEqualTo(Map.of("k", "v"));
    assertThat(go.message().body().toString()).isEqualTo("hi");

    Envelope.Decoded nil = Envelope.decodeMessage(Buffer.buffer("{\"Header\":null,\"Body\":\"_-8=\",\"Extra\":[1,{}]}"));
    assertThat(nil.message().headers()).isEmpty();
    assertThat(nil.message().body().getBytes()).containsExactly(0xff, 0xef);

    Message quoted = new Message(Map.of("q", "say \"hi\"\n\\", "ünï", "é\u0001"), Buffer.buffer("x"));
    assertThat(Envelope.decodeMessage(Envelope.encodeBytes(null, quoted)).message().headers()).isEqualTo(quoted.headers());
    Message big = new Message(Map.of(), Buffer.buffer(new byte[70_000]));
    assertThat(Envelope.decodeMessage(Envelope.encodeBytes(null, big)).message().body()).isEqualTo(big.body());
  }

  @Test
  void theCompactReaderTakesGoMicrosFormAndAgreesWithTheParserOnEveryInput() {
    String[] compact = {
      "{\"Header\":{\":topic\":\"news\",\"k\":\"v\"},\"Body\":\"aGk=\"}",
      "{\"Header\":{},\"Body\":\"\"}",
      "{\"Header\":{\"a\":\"1\",\"b\":\"\"},\"Body\":\"_-8=\"}",
    };
    for (String text : compact) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertThat(CompactEnvelope.read(bytes)).as(text).isNotNull().isEqualTo(Envelope.parse(bytes));
    }
    String[] elsewise = {
      "{\"Header\":{\"k\":\"v\",\"k\":\"w\"},\"Body\":\"aGk=\"}", // a repeated name: the last wins
      "{\"Header\":{\"q\":\"say \\\"hi\\\"\"},\"Body\":\"aGk=\"}", // an escape
      "{\"Header\":{\"é\":\"ü\"},\"Body\":\"aGk=\"}", // not ASCII
      "{\"Header\":null,\"Body\":\"aGk=\"}",
      "{\"Header\": {\"k\":\"v\"}, \"Body\":\"aGk=\"}",
      "{\"Body\":\"aGk=\",\"Header\":{\"k\":\"v\"}}",
      "{\"Header\":{\"k\":\"v\"},\"Body\":\"aGk=\"}\n",
    };
    for (String text : elsewise) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertThat(CompactEnvelope.read(bytes)).as(text).isNull();
      assertThat(Envelope.decodeMessage(bytes)).as(text).isEqualTo(Envelope.parse(bytes));
    }
    String[] broken = {
      "{\"Header\":{\"k\":\"v\"},\"Body\":\"%%%\"}", "{\"Header\":{\"k\":\"v\"},\"Body\":\"aGk=\"}x",
      "{\"Header\":{\"k\":\"v\"},\"Body\":\"aGk=", "{\"Header\":{\"k\":\"v\"", "{\"Header\":{\"k\"}",
    };
    for (String text : broken) {
      assertThatThrownBy(() -> Envelope.decodeMessage(text.getBytes(StandardCharsets.UTF_8))).as(text)
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
  }

  @Test
  void whatIsNotAnEnvelopeIsABadRequestSayingWhy() {
    for (String bad : new String[] {"[1]", "not json", "{\"Body\":\"aGk=\"} trailing", "{\"Body\":\"aGk=\""}) {
      assertThatThrownBy(() -> Envelope.decodeMessage(Buffer.buffer(bad))).as(bad)
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.detail()).isEqualTo("the delivery is not a JSON envelope");
        });
    }
    assertThatThrownBy(() -> Envelope.decodeMessage(Buffer.buffer("{\"Header\":\"x\"}")))
      .hasMessageContaining("the envelope's Header is not an object");
    assertThatThrownBy(() -> Envelope.decodeMessage(Buffer.buffer("{\"Body\":\"%%%\"}")))
      .hasMessageContaining("the envelope's Body is not base64");
  }
}
