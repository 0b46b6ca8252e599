package io.microvx.codec;

import com.google.protobuf.StringValue;
import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTest {

  public record Hello(String name, int times, byte[] raw) {
  }

  @Test
  void jsonIsBareJsonWithBytesAsStandardBase64() {
    Codec json = Codecs.defaults().forContentType("application/json; charset=utf-8");
    Buffer encoded = json.encode(new Hello("Ada", 2, new byte[] {(byte) 0xfb, (byte) 0xff}));
    assertThat(new JsonObject(encoded)).isEqualTo(new JsonObject().put("name", "Ada").put("times", 2).put("raw", "+/8="));
    Hello decoded = json.decode(encoded, Hello.class);
    assertThat(decoded.name()).isEqualTo("Ada");
    assertThat(decoded.raw()).containsExactly(0xfb, 0xff);
  }

  @Test
  void jsonIgnoresUnknownFieldsAndTreatsAnEmptyBodyAsAnEmptyMessage() {
    Codec json = Codec.json();
    assertThat(json.<Hello>decode(Buffer.buffer("{\"name\":\"Bo\",\"extra\":1}"), Hello.class).name()).isEqualTo("Bo");
    assertThat(json.<Hello>decode(Buffer.buffer(), Hello.class).name()).isNull();
    assertThat(json.<JsonObject>decode(Buffer.buffer("{\"a\":[1,2]}"), JsonObject.class).getJsonArray("a").size()).isEqualTo(2);
    assertThat(json.<Map<String, Object>>decode(Buffer.buffer("{\"a\":1}"), Map.class)).containsEntry("a", 1);
  }

  @Test
  void malformedJsonIsA400NamingTheType() {
    assertThatThrownBy(() -> Codec.json().decode(Buffer.buffer("{\"name\": "), Hello.class))
      .isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.detail()).startsWith("invalid JSON for Hello").doesNotContain("\n");
      });
    assertThatThrownBy(() -> Codec.json().decode(Buffer.buffer("{} {}"), JsonObject.class))
      .as("trailing tokens").isInstanceOf(MicroException.class);
  }

  @Test
  void rawBodiesPassThroughEveryCodec() {
    Buffer raw = Buffer.buffer(new byte[] {1, 2, 3});
    for (Codec codec : List.of(Codec.json(), Codec.protobuf(), Codec.octetStream())) {
      assertThat(codec.encode(raw)).isSameAs(raw);
      assertThat(codec.<byte[]>decode(raw, byte[].class)).containsExactly(1, 2, 3);
      assertThat(codec.<Buffer>decode(raw, Buffer.class)).isEqualTo(raw);
    }
  }

  @Test
  void protobufSpeaksGeneratedMessages() {
    StringValue message = StringValue.of("hello");
    Buffer encoded = Codec.protobuf().encode(message);
    assertThat(encoded.getBytes()).isEqualTo(message.toByteArray());
    StringValue decoded = Codec.protobuf().decode(encoded, StringValue.class);
    assertThat(decoded.getValue()).isEqualTo("hello");
    assertThatThrownBy(() -> Codec.protobuf().decode(Buffer.buffer(new byte[] {0x0a, 0x7f}), StringValue.class))
      .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void protobufRefusesPlainJavaTypesClearly() {
    assertThatThrownBy(() -> Codec.protobuf().encode(new Hello("x", 1, null)))
      .hasMessageContaining("application/protobuf cannot encode").hasMessageContaining("application/json");
    assertThatThrownBy(() -> Codec.protobuf().decode(Buffer.buffer("x"), Hello.class))
      .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> Codec.octetStream().encode("text")).hasMessageContaining("byte[] or Buffer");
  }

  @Test
  void anUnknownContentTypeIsA415ListingTheKnownOnes() {
    assertThatThrownBy(() -> Codecs.defaults().forContentType("text/xml"))
      .isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(415);
        assertThat(e.detail()).isEqualTo("Unsupported Content-Type: text/xml (supported: application/json, "
          + "application/protobuf, application/x-protobuf, application/octet-stream)");
      });
    assertThat(Codecs.defaults().find("APPLICATION/JSON")).isSameAs(Codec.json());
  }
}
