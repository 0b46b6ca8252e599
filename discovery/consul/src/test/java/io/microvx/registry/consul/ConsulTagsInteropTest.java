package io.microvx.registry.consul;

import io.microvx.codec.Json;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Value;
import io.microvx.testing.Ci;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consul tags read as go-micro reads them and written so go-micro can read them. The vectors below were
 * produced by Go itself ({@code src/test/go/tagvectors.go}: {@code compress/zlib} at its default level,
 * {@code encoding/hex}, {@code encoding/json}, exactly go-micro's encode); the tests running Go and Python
 * check that they still come out so and that what we write decodes there to the same JSON.
 */
class ConsulTagsInteropTest {

  static final String GO_METADATA = "t-789caa562a294acc2b2ec82f2a51b252ca28292950aa05040000ffff4f930768";
  static final String GO_ENDPOINT = "e-789c848e410ac2301045eff2d7c503e402ba762b2e06fc142149ebcc4410c9dd255a428b8bae061e8f"
    + "79ff8d2c8908382ae9d4c389314e18a07c149a2374e3bc9001fe9ab7e029b1d0102e5dfe9e6e9aeb3d8f2b319718ebb5b68ccd5336"
    + "6e3a0b5a853af92f8d6df8effb6e2dd1e5262ead66ae948400d742d4fa090000ffffc87d5a97";
  static final String GO_VERSION = "v-789c32d433d03300040000ffff02ce00ee";
  /** What Go's json.Marshal made of the endpoint: a value without fields has "values":null. */
  static final String GO_ENDPOINT_JSON = "{\"name\":\"Greeter.Hello\",\"request\":{\"name\":\"Request\",\"type\":\"Request\","
    + "\"values\":[{\"name\":\"name\",\"type\":\"string\",\"values\":null}]},\"response\":{\"name\":\"Response\","
    + "\"type\":\"Response\",\"values\":[{\"name\":\"greeting\",\"type\":\"string\",\"values\":null}]},"
    + "\"metadata\":{\"stream\":\"true\"}}";

  static final Endpoint HELLO = new Endpoint("Greeter.Hello",
    new Value("Request", "Request", List.of(new Value("name", "string"))),
    new Value("Response", "Response", List.of(new Value("greeting", "string"))),
    Map.of("stream", "true"));

  private static final Path GO_PROGRAM = Path.of("src/test/go/tagvectors.go");

  @Test
  void tagsWrittenByGoDecode() {
    List<String> tags = List.of(GO_METADATA, GO_ENDPOINT, GO_VERSION);
    assertThat(ConsulTags.decodeMetadata(tags)).isEqualTo(Map.of("transport", "http"));
    assertThat(ConsulTags.decodeEndpoints(tags)).containsExactly(HELLO);
    assertThat(ConsulTags.decodeVersion(tags)).isEqualTo("1.0.0");
  }

  @Test
  void thePlainFormsOfOlderGoMicroDecode() {
    List<String> tags = List.of("t={\"region\":\"eu\"}", "t={\"zone\":\"a\"}", "v=2.0",
      "e=" + Json.mapper().valueToTree(HELLO).toString());
    assertThat(ConsulTags.decodeMetadata(tags)).isEqualTo(Map.of("region", "eu", "zone", "a"));
    assertThat(ConsulTags.decodeEndpoints(tags)).containsExactly(HELLO);
    assertThat(ConsulTags.decodeVersion(tags)).isEqualTo("2.0");
  }

  @Test
  void tagsThatDoNotDecodeAreSkippedAsGoMicroSkipsThem() {
    // the first t tag decides the form; a broken payload is passed over
    List<String> tags = List.of("t-zz", "t-" + ConsulTags.compress("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8)),
      "t={\"plain\":\"ignored\"}", "v-00");
    assertThat(ConsulTags.decodeMetadata(tags)).isEqualTo(Map.of("a", "b"));
    assertThat(ConsulTags.decodeVersion(tags)).isEmpty();
  }

  @Test
  void ourTagsAreZlibStreamsAsGoWritesThem() {
    List<String> tags = ConsulTags.encode(Map.of("transport", "http"), List.of(HELLO), "1.0.0");
    assertThat(tags).hasSize(3);
    assertThat(tags).allSatisfy(tag -> assertThat(tag.substring(2)).as("zlib header, default level").startsWith("789c"));
    assertThat(tags.get(0)).startsWith("t-");
    assertThat(tags.get(1)).startsWith("e-");
    assertThat(tags.get(2)).startsWith("v-");
  }

  @Test
  void ourTagsDecodeInPythonToTheSameJson() throws Exception {
    Ci.require(Ci.onPath("python3"), "python3 is not installed");
    List<String> tags = ConsulTags.encode(Map.of("transport", "http"), List.of(HELLO), "1.0.0");
    String script = "import sys,zlib,binascii;sys.stdout.write(zlib.decompress(binascii.unhexlify(sys.argv[1][2:])).decode())";
    assertThat(new JsonObject(run(List.of("python3", "-c", script, tags.get(0)))))
      .isEqualTo(new JsonObject().put("transport", "http"));
    assertThat(new JsonObject(run(List.of("python3", "-c", script, tags.get(1)))))
      .isEqualTo(new JsonObject(GO_ENDPOINT_JSON));
    assertThat(run(List.of("python3", "-c", script, tags.get(2)))).isEqualTo("1.0.0");
  }

  @Test
  void goStillWritesTheVectorsAndReadsOurTags() throws Exception {
    Ci.require(Ci.onPath("go"), "go is not installed");
    List<String> lines = run(goRun()).lines().toList();
    assertThat(lines).extracting(line -> line.split("\t")[2]).containsExactly(GO_METADATA, GO_ENDPOINT, GO_VERSION);
    assertThat(lines.get(1).split("\t")[1]).isEqualTo(GO_ENDPOINT_JSON);

    List<String> ours = ConsulTags.encode(Map.of("transport", "http"), List.of(HELLO), "1.0.0");
    List<String> decode = new ArrayList<>(goRun());
    decode.add("decode");
    decode.add(ours.get(1));
    assertThat(new JsonObject(run(decode))).isEqualTo(new JsonObject(lines.get(1).split("\t")[1]));
    decode.set(decode.size() - 1, ours.get(2));
    assertThat(run(decode)).isEqualTo("1.0.0");
  }

  private static List<String> goRun() {
    return new ArrayList<>(List.of("go", "run", GO_PROGRAM.toString()));
  }


  /** The command's standard output; fails on a non-zero exit. Go builds offline (standard library only). */
  private static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    builder.environment().put("GOPROXY", "off");
    builder.environment().put("GOTOOLCHAIN", "local");
    builder.environment().put("GOFLAGS", "");
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, new String(err, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
