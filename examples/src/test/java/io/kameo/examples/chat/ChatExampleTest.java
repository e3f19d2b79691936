package io.kameo.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat room with each participant in its own JVM process on 127.0.0.1. */
class ChatExampleTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** How soon a leaver is gone from the others' member lists: a watch interval and slack. */
  static final Duration LEFT = Duration.ofSeconds(10);

  /** A participant process: its stdout lines in a queue, its stdin a writer. */
  static final class Participant implements AutoCloseable {
    final Process process;
    final Writer stdin;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Participant(String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ChatExample.class.getName());
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = out.readLine(); l != null; l = out.readLine()) {
                    lines.add(l);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              });
    }

    /** Waits for a line starting with {@code prefix}, skipping others; returns its rest. */
    String await(String prefix) throws InterruptedException {
      return await(prefix, WAIT);
    }

    /** Waits up to {@code timeout} for a line starting with {@code prefix}; returns its rest. */
    String await(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (l != null && l.startsWith(prefix)) {
          return l.substring(prefix.length());
        }
        if (l != null) {
          seen.add(l);
        }
      }
      throw new AssertionError("no line \"" + prefix + "…\" within " + timeout + "; saw " + seen);
    }

    void say(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    int leave() throws Exception {
      stdin.close();
      assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "did not exit");
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void what_one_participant_says_reaches_every_member_on_every_node() throws Exception {
    try (Participant alice = new Participant("--name", "alice");
        Participant bob = new Participant("--name", "bob", "--bootstrap", alice.await("ready "))) {
      bob.await("ready ");
      alice.await("members 2");
      bob.await("members 2");

      alice.say("hello bob");
      assertEquals("hello bob", alice.await("alice: "));
      assertEquals("hello bob", bob.await("alice: "));
      bob.say("hi alice");
      assertEquals("hi alice", alice.await("bob: "));
      assertEquals("hi alice", bob.await("bob: "));

      assertEquals(0, bob.leave());
      // bob's inbox stopped and its swarm closed: alice's watch (1 s interval) sees it leave well
      // before bob's registration would expire (60 s)
      alice.await("members 1", LEFT);
      assertEquals(0, alice.leave());
    }
  }
}
