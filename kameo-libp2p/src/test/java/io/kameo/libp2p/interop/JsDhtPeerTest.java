package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exercises the js-libp2p DHT peer harness js-to-js, so that the harness the Java DHT's interop
 * tests will rely on is itself tested in every build. Fails (never skips) without Node.js.
 */
class JsDhtPeerTest {
  private static final String SEED =
      "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";

  @Test
  void twoJsDhtPeersConnectAndPutAndGetARecordThroughTheCommandProtocol() {
    try (JsDhtPeer a = JsDhtPeer.start(null);
        JsDhtPeer b = JsDhtPeer.start(null)) {
      Map<String, Object> connected = a.commandOk(Map.of("cmd", "connect", "addr", b.addr()));
      assertEquals(b.peerId(), connected.get("peerId"));
      assertEquals(Boolean.TRUE, connected.get("inRoutingTable"), connected.toString());
      assertEquals(List.of(b.peerId()), a.commandOk(Map.of("cmd", "routingTable")).get("peers"));

      String value = HexFormat.of().formatHex("hello from java".getBytes(StandardCharsets.UTF_8));
      Map<String, Object> put =
          a.commandOk(Map.of("cmd", "put", "key", "/kameo/java-helper", "value", value));
      assertEquals(List.of(b.peerId()), put.get("acks"), put.toString());

      Map<String, Object> stored =
          b.commandOk(Map.of("cmd", "getLocal", "key", "/kameo/java-helper"));
      assertEquals(Boolean.TRUE, stored.get("found"), stored.toString());
      assertEquals(value, stored.get("value"));

      Map<String, Object> got = b.commandOk(Map.of("cmd", "get", "key", "/kameo/java-helper"));
      assertEquals(Boolean.TRUE, got.get("found"), got.toString());
      assertEquals(value, got.get("value"));
      assertTrue(List.of(a.peerId(), b.peerId()).contains(got.get("from")), got.toString());
    }
  }

  @Test
  void badCommandsAreAnsweredWithAnErrorAndThePeerKeepsAnswering() {
    try (JsDhtPeer peer = JsDhtPeer.start(SEED)) {
      assertEquals(JsPeer.peerIdForSeed(SEED), peer.peerId());

      Map<String, Object> unknown = peer.command(Map.of("cmd", "bogus"));
      assertTrue(((String) unknown.get("error")).contains("unknown command"), unknown.toString());
      IllegalStateException failed =
          assertThrows(
              IllegalStateException.class,
              () -> peer.commandOk(Map.of("cmd", "put", "key", "/kameo/x", "value", "xyz")));
      assertTrue(failed.getMessage().contains("hex digits"), failed.getMessage());

      // kad-dht queries wait for a first routing-table peer, so this one runs out of time
      Map<String, Object> timedOut =
          peer.command(Map.of("cmd", "get", "key", "/kameo/x", "timeoutMs", 300));
      assertEquals(Boolean.TRUE, timedOut.get("timeout"), timedOut.toString());

      assertEquals(List.of(), peer.commandOk(Map.of("cmd", "routingTable")).get("peers"));
      assertTrue(peer.isAlive());
    }
  }

  @Test
  void commands_round_trip_through_the_json_lines_with_escapes_and_numbers_intact() {
    Map<String, Object> command = Map.of("cmd", "put", "key", "/kameo/\"q\"\n", "n", 3);
    assertEquals(command, JsPeer.asObject(JsPeer.toJson(command)));
    assertEquals(
        "[1,true,null,\"\\u0001\"]", JsPeer.toJson(Arrays.asList(1, true, null, "\u0001")));
  }
}
