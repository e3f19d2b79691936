package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go peer harness itself: its build cache, its error for a missing Go, its command errors. */
class GoPeerHarnessTest {
  @Test
  void a_missing_go_fails_with_a_message_saying_to_install_go() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GoPeer.goVersion("kameo-no-such-go"));
    assertTrue(e.getMessage().contains("Install Go"), e.getMessage());
  }

  @Test
  void the_peer_is_built_outside_the_clone_and_reused() {
    Path binary = GoPeer.binary();
    assertTrue(Files.isExecutable(binary), binary.toString());
    Path clone = GoPeer.sourceDir().getParent().getParent().getParent().getParent();
    assertTrue(!binary.toAbsolutePath().startsWith(clone), binary + " lies outside " + clone);
    assertEquals(binary, GoPeer.binary());
  }

  @Test
  void a_bad_command_gets_an_error_answer_and_the_peer_goes_on() {
    try (GoPeer go = GoPeer.start(null, null)) {
      assertTrue(go.command(Map.of("cmd", "nonsense")).get("error").toString().contains("unknown"));
      assertTrue(
          go.command(Map.of("cmd", "put", "key", "/app/x", "value", "00"))
              .get("error")
              .toString()
              .contains("no DHT"));
      assertTrue(go.command(Map.of("cmd", "ping")).get("error").toString().contains("addr"));
      assertEquals(List.of(), go.commandOk(Map.of("cmd", "echoLog")).get("echoes"));
      assertTrue(go.isAlive());
    }
  }
}
