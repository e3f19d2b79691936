package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Rust peer harness itself: its build cache, its error for a missing cargo, its errors. */
class RustPeerHarnessTest {
  @Test
  void a_missing_cargo_fails_with_a_message_saying_to_install_rust() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> RustPeer.cargoVersion("kameo-no-such-cargo"));
    assertTrue(e.getMessage().contains("install it"), e.getMessage());
    assertTrue(e.getMessage().contains("Rust"), e.getMessage());
  }

  @Test
  void the_peer_is_built_outside_the_clone_and_reused() {
    Path binary = RustPeer.binary();
    assertTrue(Files.isExecutable(binary), binary.toString());
    Path clone = RustPeer.sourceDir().getParent().getParent().getParent().getParent();
    assertTrue(!binary.toAbsolutePath().startsWith(clone), binary + " lies outside " + clone);
    assertEquals(binary, RustPeer.binary());
  }

  @Test
  void a_bad_command_gets_an_error_answer_and_the_peer_goes_on() {
    try (RustPeer rust = RustPeer.start(null, null)) {
      assertTrue(
          rust.command(Map.of("cmd", "nonsense")).get("error").toString().contains("unknown"));
      assertTrue(
          rust.command(Map.of("cmd", "put", "key", "/app/x", "value", "00"))
              .get("error")
              .toString()
              .contains("no DHT"));
      assertTrue(rust.command(Map.of("cmd", "ping")).get("error").toString().contains("addr"));
      assertEquals(List.of(), rust.commandOk(Map.of("cmd", "echoLog")).get("echoes"));
      assertTrue(rust.isAlive());
    }
  }
}
