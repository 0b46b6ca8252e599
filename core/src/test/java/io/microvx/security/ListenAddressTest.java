package io.microvx.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {

  @Test
  void hostAndPortAreReadEveryInterfaceWhenTheHostIsLeftOut() {
    assertThat(ListenAddress.parse("api_address", ":8080")).isEqualTo(new ListenAddress("0.0.0.0", 8080));
    assertThat(ListenAddress.parse("api_address", "127.0.0.1:0")).isEqualTo(new ListenAddress("127.0.0.1", 0));
    assertThat(ListenAddress.parse("api_address", "[::1]:9100")).isEqualTo(new ListenAddress("::1", 9100));
  }

  @Test
  void onlyLoopbackHostsAreLoopback() {
    assertThat(ListenAddress.parse("x", "127.0.0.1:1").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("x", "[::1]:1").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("x", ":1").isLoopback()).isFalse();
    assertThat(ListenAddress.parse("x", "10.0.0.1:1").isLoopback()).isFalse();
  }

  @Test
  void aMalformedAddressFailsNamingItsOption() {
    for (String bad : new String[] {"8080", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:-1", ""}) {
      assertThatThrownBy(() -> ListenAddress.parse("metrics_address", bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid metrics_address \"" + bad + "\": expected host:port");
    }
  }
}
