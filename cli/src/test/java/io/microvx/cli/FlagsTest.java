package io.microvx.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The free-form flags: options left out of the options classes' JSON while unset are still flags. */
class FlagsTest {

  private final CommandLine command = new CommandLine(new ServerCommand());

  @Test
  void tlsFilesAndBotCredentialsAreFlagsThoughTheirDefaultsAreUnset() {
    List<String> flags = List.of("--api_tls_cert=cert.pem", "--api_tls_key=key.pem", "--web_tls_cert=c.pem",
      "--proxy_tls_ca=ca.pem", "--rate_client_header=X-Client", "--server_advertise=10.0.0.1:9000",
      "--webhook_token=t", "--telegram_token=t", "--slack_bot_token=t", "--xmpp_jid=bot@localhost", "--bot_allow=ada");
    assertThat(Flags.parse(command, flags).fieldNames())
      .contains("api_tls_cert", "proxy_tls_ca", "server_advertise", "webhook_token", "xmpp_jid", "bot_allow");
  }

  @Test
  void aTypoInAnUnsetFlagNamesTheFlagMeant() {
    assertThatThrownBy(() -> Flags.parse(command, List.of("--api_tls_crt=cert.pem")))
      .isInstanceOf(CommandLine.ParameterException.class)
      .hasMessage("unknown option --api_tls_crt: did you mean --api_tls_cert?");
  }
}
