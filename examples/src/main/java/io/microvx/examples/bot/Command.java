package io.microvx.examples.bot;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bot command, as micro's bot calls it: {@code Command.Help} says how to use it, {@code Command.Exec}
 * gets the message's words ({@code args[0]} is the command) and answers the text to send, or an error.
 * Served by a service named {@code go.micro.bot.weather}, it adds {@code weather [city]} to micro bot.
 */
public class Command {

  public record HelpRequest() {
  }

  public record HelpResponse(String usage, String description) {
  }

  public record ExecRequest(List<String> args) {
  }

  /** {@code result} is bytes, as in micro's proto (base64 in JSON). */
  public record ExecResponse(byte[] result, String error) {
  }

  public HelpResponse help(HelpRequest request) {
    return new HelpResponse("weather [city]", "Returns the weather in a city");
  }

  public ExecResponse exec(ExecRequest request) {
    List<String> args = request.args() == null ? List.of() : request.args();
    if (args.size() < 2) {
      return new ExecResponse(null, "which city? e.g. weather Oslo");
    }
    String city = String.join(" ", args.subList(1, args.size()));
    return new ExecResponse(("sunny in " + city).getBytes(StandardCharsets.UTF_8), "");
  }
}
