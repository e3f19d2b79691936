package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exercises the js-libp2p interop harness js-to-js, so that the harness the Java host's interop
 * tests rely on is itself tested in every build. Fails (never skips) without Node.js.
 */
class JsPeerHarnessTest {
  private static final String SEED =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  @Test
  void peerIdOfASeedIsDeterministicAndMatchesTheListeningNode() {
    String id = JsPeer.peerIdForSeed(SEED);
    assertTrue(id.startsWith("12D3KooW"), "an Ed25519 peer id: " + id);
    assertEquals(id, JsPeer.peerIdForSeed(SEED));
    try (JsPeer peer = JsPeer.listen(SEED)) {
      assertEquals(id, peer.peerId());
      assertTrue(peer.addr().startsWith("/ip4/127.0.0.1/tcp/"), peer.addr());
      assertTrue(peer.addr().endsWith("/p2p/" + id), peer.addr());
    }
  }

  @Test
  void jsDialerPingsIdentifiesAndEchoesAJsListener() {
    try (JsPeer peer = JsPeer.listen(null)) {
      JsPeer.Result ping = JsPeer.dial(peer.addr(), "ping", null);
      assertEquals(peer.peerId(), ping.string("peerId"));
      assertTrue(((Number) ping.json().get("rttMs")).doubleValue() >= 0);

      JsPeer.Result identify = JsPeer.dial(peer.addr(), "identify", null);
      Map<String, Object> id = identify.json();
      assertEquals(peer.peerId(), id.get("peerId"));
      assertEquals("ipfs/0.1.0", id.get("protocolVersion"));
      assertTrue(((String) id.get("agentVersion")).startsWith("js-libp2p/2.10.0"), id.toString());
      assertTrue(((List<?>) id.get("protocols")).contains("/echo/1.0.0"), id.toString());
      assertTrue(((List<?>) id.get("protocols")).contains("/ipfs/ping/1.0.0"), id.toString());
      assertFalse(((List<?>) id.get("listenAddrs")).isEmpty(), id.toString());
      assertEquals(Boolean.TRUE, id.get("publicKeyMatchesPeerId"));

      JsPeer.Result echo = JsPeer.dial(peer.addr(), "echo", "hello kameo");
      assertEquals("hello kameo", echo.string("echo"));
      assertTrue(peer.isAlive());
    }
  }

  @Test
  void failedDialReportsTheJsErrorWithExitCodeOne() {
    JsPeer.Result result = JsPeer.tryDial("/ip4/127.0.0.1/tcp/1", "ping", null);
    assertEquals(1, result.exitCode());
    assertTrue(result.json().containsKey("error"), result.json().toString());
  }

  @Test
  void a_result_line_that_is_not_a_json_object_is_rejected_quoting_it() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JsPeer.asObject("[1,2]"));
    assertTrue(e.getMessage().contains("[1,2]"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> JsPeer.asObject("{\"a\":"));
  }
}
