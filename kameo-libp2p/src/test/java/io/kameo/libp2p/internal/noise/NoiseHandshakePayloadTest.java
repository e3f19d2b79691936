package io.kameo.libp2p.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseHandshakePayloadTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesFieldsOneTwoAndNestedExtensionsFour() {
    byte[] bytes =
        new NoiseHandshakePayload(
                new byte[] {1}, new byte[] {2}, List.of(), List.of("/yamux/1.0.0"))
            .encode();
    String yamux = HEX.formatHex("/yamux/1.0.0".getBytes(StandardCharsets.US_ASCII));
    assertEquals("0a0101120102220e120c" + yamux, HEX.formatHex(bytes));
  }

  @Test
  void omitsEmptyExtensions() {
    assertEquals(
        "0a0101120102",
        HEX.formatHex(
            new NoiseHandshakePayload(new byte[] {1}, new byte[] {2}, List.of(), List.of())
                .encode()));
  }

  @Test
  void decodesWhatItEncodesIncludingCerthashes() {
    NoiseHandshakePayload payload =
        new NoiseHandshakePayload(
            new byte[] {1, 2}, new byte[] {3}, List.of(new byte[] {9, 9}), List.of("/a", "/b"));
    NoiseHandshakePayload decoded = NoiseHandshakePayload.decode(payload.encode());
    assertArrayEquals(payload.identityKey(), decoded.identityKey());
    assertArrayEquals(payload.identitySig(), decoded.identitySig());
    assertEquals(List.of("/a", "/b"), decoded.streamMuxers());
    assertArrayEquals(new byte[] {9, 9}, decoded.webtransportCerthashes().get(0));
  }

  @Test
  void skipsUnknownFieldsAtBothLevels() {
    // field 3 varint, field 4 with an unknown field 7 and stream_muxers "/m"
    NoiseHandshakePayload decoded =
        NoiseHandshakePayload.decode(
            HEX.parseHex("0a0101" + "1805" + "2206" + "3801" + "12022f6d"));
    assertArrayEquals(new byte[] {1}, decoded.identityKey());
    assertArrayEquals(new byte[0], decoded.identitySig());
    assertEquals(List.of("/m"), decoded.streamMuxers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0a05", "0a", "22021202", "2203120201", "00", "221012ff", "0c"})
  void malformedPayloadsFailWithNoiseException(String hex) {
    assertThrows(NoiseException.class, () -> NoiseHandshakePayload.decode(HEX.parseHex(hex)));
  }
}
