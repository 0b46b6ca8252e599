package io.microvx.gateway;

import io.microvx.gateway.route.MicroPaths;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** micro's resolution table, rule by rule. */
class MicroPathsTest {

  @Test
  void rpcResolutionFollowsMicro() {
    assertThat(MicroPaths.rpc("/greeter/say/hello")).isEqualTo(new MicroPaths.Target("greeter", "Say.Hello"));
    assertThat(MicroPaths.rpc("/greeter/say")).isEqualTo(new MicroPaths.Target("greeter", "Greeter.Say"));
    assertThat(MicroPaths.rpc("/v1/greeter/say")).isEqualTo(new MicroPaths.Target("v1.greeter", "Greeter.Say"));
    assertThat(MicroPaths.rpc("/foo/bar/baz/qux")).isEqualTo(new MicroPaths.Target("foo.bar", "Baz.Qux"));
    assertThat(MicroPaths.rpc("/greeter")).isEqualTo(new MicroPaths.Target("greeter", "Greeter"));
    assertThat(MicroPaths.rpc("/v1/greeter")).isEqualTo(new MicroPaths.Target("v1", "V1.Greeter"));
    // four parts with a version: no special case, the last two are the method
    assertThat(MicroPaths.rpc("/v1/foo/bar/baz")).isEqualTo(new MicroPaths.Target("v1.foo", "Bar.Baz"));
    assertThat(MicroPaths.rpc("/")).isNull();
  }

  @Test
  void partsAreCamelCased() {
    assertThat(MicroPaths.toCamel("say-hello")).isEqualTo("SayHello");
    assertThat(MicroPaths.toCamel("say")).isEqualTo("Say");
    assertThat(MicroPaths.toCamel("say_hello")).isEqualTo("Say_hello");
    assertThat(MicroPaths.rpc("/greeter/say/say-hello")).isEqualTo(new MicroPaths.Target("greeter", "Say.SayHello"));
  }

  @Test
  void pathsAreCleanedLikeGo() {
    assertThat(MicroPaths.rpc("//greeter///say/./hello/")).isEqualTo(new MicroPaths.Target("greeter", "Say.Hello"));
    assertThat(MicroPaths.rpc("/x/../greeter/say/hello")).isEqualTo(new MicroPaths.Target("greeter", "Say.Hello"));
    assertThat(MicroPaths.rpc("/../../greeter/say")).isEqualTo(new MicroPaths.Target("greeter", "Greeter.Say"));
  }

  @Test
  void proxiesTakeTheFirstPartOrTheVersionedOne() {
    assertThat(MicroPaths.proxyService("/files/a/b.txt")).isEqualTo("files");
    assertThat(MicroPaths.proxyService("/v2/files/a")).isEqualTo("v2.files");
    assertThat(MicroPaths.proxyService("/v2")).isEqualTo("v2");
    assertThat(MicroPaths.proxyService("/")).isNull();
  }

  @Test
  void eventsNameTopicAndAction() {
    assertThat(MicroPaths.event("go.micro.api", "/foo/bar")).isEqualTo(new MicroPaths.Target("go.micro.api.foo", "bar"));
    assertThat(MicroPaths.event("go.micro.api", "/v1/foo/bar")).isEqualTo(new MicroPaths.Target("go.micro.api.v1.foo", "foo.bar"));
    assertThat(MicroPaths.event("go.micro.api", "/foo/bar/baz")).isEqualTo(new MicroPaths.Target("go.micro.api.foo", "bar.baz"));
    assertThat(MicroPaths.event("", "/foo")).isEqualTo(new MicroPaths.Target("foo", ""));
  }
}
