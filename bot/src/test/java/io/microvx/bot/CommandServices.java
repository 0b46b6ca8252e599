package io.microvx.bot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Command services as a Java service writes them: micro's {@code Command.Help} and {@code Command.Exec}. */
final class CommandServices {

  private CommandServices() {
  }

  public record HelpRequest() {
  }

  public record HelpResponse(String usage, String description) {
  }

  public record ExecRequest(List<String> args) {
  }

  public record ExecResponse(byte[] result, String error) {
  }

  /** {@code go.micro.bot.weather}: JSON, as a Java service speaks by default. */
  public static class Command {
    public HelpResponse help(HelpRequest request) {
      return new HelpResponse("weather [city]", "Returns the weather in a city");
    }

    public ExecResponse exec(ExecRequest request) {
      if (request.args().size() < 2) {
        return new ExecResponse(null, "which city?");
      }
      return new ExecResponse(("sunny in " + String.join(" ", request.args().subList(1, request.args().size())))
        .getBytes(StandardCharsets.UTF_8), "");
    }
  }

  /**
   * {@code go.micro.bot.dice}: protobuf on the wire, as micro's Go command services answer, written byte by
   * byte so the test does not check the bot's encoder against itself.
   */
  public static class ProtobufCommand {
    public Buffer help(Buffer request) {
      return Buffer.buffer(field(1, "dice").toByteArray()).appendBytes(field(2, "Rolls a die").toByteArray());
    }

    public Buffer exec(Buffer request) {
      // ExecRequest{args: ["dice", "6"]}: 0x0a 0x04 "dice" 0x0a 0x01 "6"
      byte[] bytes = request.getBytes();
      String words = new String(bytes, StandardCharsets.ISO_8859_1);
      String result = bytes.length > 0 && bytes[0] == 0x0a ? "rolled from " + words.replaceAll("[^a-z0-9]+", " ").trim() : "no args";
      return Buffer.buffer(field(1, result).toByteArray());
    }
  }

  /** {@code go.micro.bot.hang}: never answers. */
  public static class HangingCommand {
    public Future<ExecResponse> exec(ExecRequest request) {
      return Promise.<ExecResponse>promise().future();
    }

    public HelpResponse help(HelpRequest request) {
      return new HelpResponse("hang", "Never answers");
    }
  }

  static ByteArrayOutputStream field(int number, String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(number << 3 | 2);
    out.write(bytes.length);
    out.writeBytes(bytes);
    return out;
  }
}
