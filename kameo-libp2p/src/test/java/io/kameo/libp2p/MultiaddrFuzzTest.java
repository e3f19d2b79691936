package io.kameo.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz tests of the multiaddr and peer id decoders: the only failure they may show is an {@link
 * IllegalArgumentException}, and whatever they accept round-trips. Without {@code JAZZER_FUZZ=1}
 * they replay the inputs under {@code src/test/resources/.../MultiaddrFuzzTestInputs} (crashes
 * found earlier, kept as regression tests) as part of {@code mvn test}.
 */
class MultiaddrFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void textParserRejectsOnlyWithIllegalArgumentAndRoundTrips(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Multiaddr addr;
    try {
      addr = Multiaddr.parse(text);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertEquals(addr, Multiaddr.parse(addr.toString()));
    assertEquals(addr, Multiaddr.fromBytes(addr.toBytes()));
    addr.tcpAddress();
    addr.peerId();
  }

  @FuzzTest(maxDuration = "60s")
  void binaryDecoderRejectsOnlyWithIllegalArgumentAndRoundTrips(byte[] input) {
    Multiaddr addr;
    try {
      addr = Multiaddr.fromBytes(input);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertArrayEquals(input, addr.toBytes());
    assertEquals(addr, Multiaddr.parse(addr.toString()));
  }

  @FuzzTest(maxDuration = "60s")
  void peerIdAndKeyDecodersRejectOnlyWithIllegalArgument(byte[] input) {
    try {
      PeerId id = PeerId.parse(new String(input, StandardCharsets.UTF_8));
      assertEquals(id, PeerId.parse(id.toString()));
      assertEquals(id, PeerId.parse(id.toCidString()));
      id.publicKey();
    } catch (IllegalArgumentException expected) {
      // rejected input
    }
    try {
      PublicKey key = PublicKey.fromProtobuf(input);
      assertArrayEquals(input, key.toProtobuf());
    } catch (IllegalArgumentException expected) {
      // rejected input
    }
    try {
      Keypair.fromProtobuf(input);
    } catch (IllegalArgumentException expected) {
      // rejected input
    }
  }
}
