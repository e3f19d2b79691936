package io.kameo.libp2p.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {
  private static final HexFormat HEX = HexFormat.of();

  // examples from the multiformats unsigned-varint spec
  @ParameterizedTest
  @CsvSource({
    "1, 01",
    "127, 7f",
    "128, 8001",
    "255, ff01",
    "300, ac02",
    "16384, 808001",
    "9223372036854775807, ffffffffffffffff7f"
  })
  void encodesAndDecodesSpecExamples(long value, String hex) {
    assertArrayEquals(HEX.parseHex(hex), Varint.encode(value));
    assertEquals(hex.length() / 2, Varint.length(value));
    assertEquals(value, new ByteReader(HEX.parseHex(hex)).readVarint("x"));
    ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex(hex));
    assertEquals(value, Varint.tryRead(buf, 9));
    assertEquals(0, buf.readableBytes());
    ByteBuf out = Unpooled.buffer();
    Varint.write(out, value);
    assertEquals(Unpooled.wrappedBuffer(HEX.parseHex(hex)), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "ff80", "8080808080808080"})
  void tryReadReturnsMinusOneAndKeepsPositionWhenIncomplete(String hex) {
    ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex(hex));
    assertEquals(-1, Varint.tryRead(buf, 9));
    assertEquals(0, buf.readerIndex());
  }

  @ParameterizedTest
  @ValueSource(strings = {"8000", "ff00", "808080808080808080"})
  void nonMinimalOrOverlongEncodingsAreRejected(String hex) {
    assertThrows(
        IllegalArgumentException.class,
        () -> Varint.tryRead(Unpooled.wrappedBuffer(HEX.parseHex(hex)), 9));
    assertThrows(
        IllegalArgumentException.class, () -> new ByteReader(HEX.parseHex(hex)).readVarint("x"));
  }

  @ParameterizedTest
  @CsvSource({"2, 808001", "1, 8001"})
  void tryReadRejectsEncodingsLongerThanTheLimit(int maxBytes, String hex) {
    assertThrows(
        IllegalArgumentException.class,
        () -> Varint.tryRead(Unpooled.wrappedBuffer(HEX.parseHex(hex)), maxBytes));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void negativeValuesAreRejected(long value) {
    assertThrows(IllegalArgumentException.class, () -> Varint.encode(value));
  }
}
