package io.kameo.examples.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's two-terminal walkthrough, run as written: the main class and arguments of each
 * command the README shows, each in its own JVM process, and the output lines it shows. Only the
 * port is changed to a free one (the README's 4001 may be taken on the build machine).
 */
class ReadmeWalkthroughTest {
  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
  private static final Pattern BLOCK = Pattern.compile("```(bash|json)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern MAIN = Pattern.compile("-Dexample\\.main=(\\S+)");
  private static final Pattern ARGS = Pattern.compile("-Dexample\\.args=\"([^\"]*)\"");

  /** One command of the walkthrough: what runs, and what it is shown to print. */
  record Command(String mainClass, List<String> args) {}

  @Test
  void the_two_terminal_walkthrough_prints_what_the_readme_shows() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("### Two terminals");
    assertTrue(start >= 0, "README has no two-terminal walkthrough");
    int end = readme.indexOf("\n## ", start);
    Matcher blocks = BLOCK.matcher(readme.substring(start, end));
    List<List<Command>> commands = new ArrayList<>();
    List<List<String>> outputs = new ArrayList<>();
    while (blocks.find()) {
      if (blocks.group(1).equals("bash")) {
        commands.add(commands(blocks.group(2)));
      } else {
        outputs.add(blocks.group(2).lines().toList());
      }
    }
    assertEquals(2, commands.size(), "one block per terminal");
    assertEquals(2, outputs.size(), "one output block per terminal");
    assertEquals(1, commands.get(0).size(), "terminal 1 starts one node");

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String readmePort = "/tcp/4001";
    String ourPort = "/tcp/" + port;

    Process serve = start(commands.get(0).get(0), readmePort, ourPort);
    try {
      BufferedReader served =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      for (String expected : outputs.get(0)) {
        assertEquals(expected.replace(readmePort, ourPort), readLine(served, serve));
      }
      List<String> asked = new ArrayList<>();
      for (Command ask : commands.get(1)) {
        Process p = start(ask, readmePort, ourPort);
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        asked.add(readLine(out, p));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ask did not exit");
        assertEquals(0, p.exitValue(), "ask exit code");
      }
      assertEquals(outputs.get(1), asked);
      serve.getOutputStream().close(); // like Ctrl-D: serve ends with its input
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not exit");
      assertEquals(0, serve.exitValue());
    } finally {
      serve.destroyForcibly();
    }
  }

  /** The commands of one bash block: lines joined at a trailing backslash. */
  private static List<Command> commands(String block) {
    List<Command> out = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").lines().toList()) {
      Matcher main = MAIN.matcher(line);
      Matcher args = ARGS.matcher(line);
      assertTrue(line.startsWith("./mvnw ") && main.find() && args.find(), line);
      out.add(new Command(main.group(1), List.of(args.group(1).split(" "))));
    }
    return out;
  }

  private static Process start(Command c, String from, String to) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(c.mainClass());
    c.args().forEach(a -> command.add(a.replace(from, to)));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Reads one line, failing instead of hanging if the process prints nothing for a minute. */
  private static String readLine(BufferedReader in, Process p) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.readLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            task -> Thread.ofVirtual().start(task));
    try {
      String text = line.get(60, TimeUnit.SECONDS);
      assertTrue(text != null, "the process ended without printing a line: exit " + exitOf(p));
      return text;
    } catch (java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      throw new AssertionError("no line within 60 s from " + p.info().commandLine().orElse(""));
    }
  }

  private static String exitOf(Process p) throws InterruptedException {
    return p.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "(still running)";
  }
}
