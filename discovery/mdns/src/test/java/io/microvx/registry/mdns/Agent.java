package io.microvx.registry.mdns;

import io.microvx.testing.Await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process driven line by line ({@link MdnsAgentMain}, or go-micro's side in gomicro-mdns): commands in,
 * every line it prints kept. Answers to commands are told from events and logging by their first word.
 */
final class Agent {

  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final PrintWriter in;
  /** Set once its output is read to the end: the process gone and every line it printed kept. */
  private volatile boolean outputEnded;
  private int expected;

  private Agent(Process process) {
    this.process = process;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process went
      } finally {
        outputEnded = true;
      }
    }, "mdns-agent-output");
    reader.setDaemon(true);
    reader.start();
  }

  static Agent start(List<String> command) throws IOException {
    return new Agent(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  Agent send(String command) {
    in.println(command);
    return this;
  }

  /** Closes its input, as the end of its commands. */
  void endInput() {
    in.close();
  }

  /** The next answer to a command (after the last one expected), which must start with {@code start}. */
  String expect(String start) {
    Await.until("the agent to answer " + start + " (it printed " + lines + ")", Duration.ofSeconds(60),
      () -> answers().size() > expected || outputEnded); // not isAlive(): its last lines may still be unread
    List<String> answers = answers();
    if (answers.size() <= expected) {
      throw new AssertionError("the agent exited: " + lines);
    }
    String answer = answers.get(expected++);
    assertThat(answer).startsWith(start);
    return answer;
  }

  private List<String> answers() {
    return lines.stream().filter(l -> l.matches("(registered|found|described|watching|stopped|unknown|failed) ?.*")).toList();
  }

  /** The first line printed that starts with {@code start}. */
  String awaitLine(String start) {
    Await.until(start + " (the agent printed " + lines + ")", Duration.ofSeconds(60),
      () -> lines.stream().anyMatch(l -> l.startsWith(start)));
    return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }
}
