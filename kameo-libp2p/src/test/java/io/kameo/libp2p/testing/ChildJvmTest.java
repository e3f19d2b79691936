package io.kameo.libp2p.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The child-JVM harness itself: lines both ways, kill -9, SIGSTOP and SIGCONT. */
class ChildJvmTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Echoes each stdin line back with a prefix; prints its heap limit first. */
  public static final class Echo {
    public static void main(String[] args) throws Exception {
      System.out.println(
          "ready " + Runtime.getRuntime().maxMemory() + " " + String.join(",", args));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        System.out.println("echo " + line);
      }
    }
  }

  @Test
  void a_child_gets_its_options_and_arguments_and_echoes_lines() {
    try (ChildJvm child = ChildJvm.start("echo", Echo.class, List.of("-Xmx64m"), "a", "b")) {
      String ready = child.awaitPrefixed("ready ", WAIT);
      long maxHeap = Long.parseLong(ready.split(" ")[0]);
      assertEquals(true, maxHeap <= 64L << 20, ready);
      assertEquals("a,b", ready.split(" ")[1]);
      child.send("hello");
      assertEquals("hello", child.awaitPrefixed("echo ", WAIT));
    }
  }

  @Test
  void a_frozen_child_answers_only_after_it_is_thawed_and_a_killed_child_is_gone() {
    try (ChildJvm child = ChildJvm.start("freeze", Echo.class)) {
      child.awaitPrefixed("ready ", WAIT);
      child.freeze();
      child.send("while-frozen");
      assertThrows(
          AssertionError.class, () -> child.awaitPrefixed("echo ", Duration.ofMillis(500)));
      child.thaw();
      assertEquals("while-frozen", child.awaitPrefixed("echo ", WAIT));
      child.kill();
      assertFalse(child.process().isAlive());
      assertThrows(AssertionError.class, () -> child.awaitPrefixed("echo ", WAIT));
    }
  }
}
