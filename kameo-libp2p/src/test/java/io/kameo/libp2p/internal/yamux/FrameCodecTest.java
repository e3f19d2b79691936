package io.kameo.libp2p.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void noLeaks() {
    alloc.assertAllReleased();
  }

  private static ByteBuf hex(TrackingAllocator alloc, String hex) {
    return alloc.of(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  private FrameHeader decode(String hex) {
    ByteBuf in = hex(alloc, hex);
    try {
      return FrameHeader.decode(in);
    } finally {
      in.release();
    }
  }

  @Test
  void encodesHeaderBigEndianInTwelveBytes() {
    ByteBuf out = alloc.buffer();
    new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN | Flags.FIN, 0x01020304, 0xA0B0C0D0L)
        .encode(out);
    assertEquals("0001000501020304a0b0c0d0", io.netty.buffer.ByteBufUtil.hexDump(out));
    out.release();
  }

  @ParameterizedTest
  @EnumSource(FrameType.class)
  void headerRoundTripsForEveryType(FrameType type) {
    boolean session = type == FrameType.PING || type == FrameType.GO_AWAY;
    int flags = type == FrameType.PING ? Flags.ACK : Flags.SYN | Flags.ACK | Flags.FIN | Flags.RST;
    FrameHeader header = new FrameHeader(type, flags, session ? 0 : 0xFFFF_FFFF, 0xFFFF_FFFFL);
    ByteBuf out = alloc.buffer();
    header.encode(out);
    assertEquals(FrameHeader.LENGTH, out.readableBytes());
    assertEquals(header, FrameHeader.decode(out));
    assertFalse(out.isReadable());
    out.release();
  }

  @Test
  void rejectsNonZeroVersion() {
    var e =
        assertThrows(YamuxProtocolException.class, () -> decode("01 00 0000 00000001 00000000"));
    assertEquals("Invalid frame version 1", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 0x7F, 0xFF})
  void rejectsUnknownType(int type) {
    var e =
        assertThrows(
            YamuxProtocolException.class,
            () -> decode(String.format("00 %02x 0000 00000001 00000000", type)));
    assertEquals("Invalid frame type " + type, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "01"})
  void rejectsDataAndWindowUpdateOnStreamZero(String type) {
    var e =
        assertThrows(
            YamuxProtocolException.class, () -> decode("00 " + type + " 0001 00000000 00000000"));
    assertTrue(e.getMessage().endsWith("on stream 0"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"02 0001", "03 0000"})
  void rejectsPingAndGoAwayOnAStream(String typeAndFlags) {
    var e =
        assertThrows(
            YamuxProtocolException.class,
            () -> decode("00 " + typeAndFlags + " 00000007 00000000"));
    assertTrue(e.getMessage().endsWith("on stream 7"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000", "0003", "0004", "0008", "0009", "0100"})
  void rejectsPingWhoseFlagsAreNotExactlySynOrAck(String flags) {
    var e =
        assertThrows(
            YamuxProtocolException.class, () -> decode("00 02 " + flags + " 00000000 00000001"));
    assertTrue(e.getMessage().startsWith("Invalid ping flags"), e.getMessage());
  }

  @Test
  void refusesToDecodeFromFewerThanTwelveBytes() {
    assertThrows(IndexOutOfBoundsException.class, () -> decode("00 00 0000 00000001 0000"));
  }

  @Test
  void headerRejectsFlagsAndLengthsOutOfRange() {
    assertThrows(
        IllegalArgumentException.class, () -> new FrameHeader(FrameType.DATA, 0x10000, 1, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new FrameHeader(FrameType.DATA, 0, 1, 1L << 32));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(FrameType.DATA, 0, 1, -1));
  }

  /** Collects what the decoder reports, copying payloads. */
  private static final class Collector implements FrameDecoder.Listener {
    final List<FrameHeader> headers = new ArrayList<>();
    final StringBuilder payload = new StringBuilder();
    int lastFlags;

    @Override
    public void onHeader(FrameHeader header) {
      headers.add(header);
    }

    @Override
    public void onPayload(FrameHeader header, ByteBuf data, boolean last) {
      payload.append(data.toString(StandardCharsets.UTF_8));
      if (last) {
        payload.append('|');
        lastFlags = header.flags();
      }
      data.release();
    }
  }

  private ByteBuf frames() {
    ByteBuf all = alloc.buffer();
    new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 1, 0).encode(all);
    new FrameHeader(FrameType.DATA, Flags.FIN, 1, 5).encode(all);
    all.writeCharSequence("hello", StandardCharsets.UTF_8);
    new FrameHeader(FrameType.PING, Flags.SYN, 0, 42).encode(all);
    new FrameHeader(FrameType.DATA, 0, 3, 0).encode(all);
    new FrameHeader(FrameType.GO_AWAY, 0, 0, 2).encode(all);
    return all;
  }

  @Test
  void decoderReportsHeadersAndPayloadsInOrder() {
    Collector collector = new Collector();
    ByteBuf in = frames();
    new FrameDecoder(1024).decode(in, collector);
    in.release();
    assertEquals(5, collector.headers.size());
    assertEquals(new FrameHeader(FrameType.PING, Flags.SYN, 0, 42), collector.headers.get(2));
    assertEquals("hello|", collector.payload.toString());
    assertEquals(Flags.FIN, collector.lastFlags);
  }

  @Test
  void decoderHandlesInputSplitAtEveryByte() {
    ByteBuf all = frames();
    byte[] bytes = new byte[all.readableBytes()];
    all.readBytes(bytes);
    all.release();
    Collector collector = new Collector();
    FrameDecoder decoder = new FrameDecoder(1024);
    for (byte b : bytes) {
      ByteBuf one = alloc.of(b);
      decoder.decode(one, collector);
      one.release();
    }
    assertFalse(decoder.isMidFrame());
    assertEquals(5, collector.headers.size());
    assertEquals("hello|", collector.payload.toString());
  }

  @Test
  void decoderKeepsAPartialHeaderForTheNextCall() {
    Collector collector = new Collector();
    FrameDecoder decoder = new FrameDecoder(1024);
    ByteBuf first = hex(alloc, "00 02 0001 0000");
    decoder.decode(first, collector);
    first.release();
    assertTrue(decoder.isMidFrame());
    assertTrue(collector.headers.isEmpty());
    ByteBuf rest = hex(alloc, "0000 00000009");
    decoder.decode(rest, collector);
    rest.release();
    assertEquals(List.of(new FrameHeader(FrameType.PING, Flags.SYN, 0, 9)), collector.headers);
  }

  @Test
  void decoderRejectsDataLongerThanTheLargestWindowBeforeReadingIt() {
    ByteBuf in = hex(alloc, "00 00 0000 00000001 00000401");
    var e =
        assertThrows(
            YamuxProtocolException.class, () -> new FrameDecoder(1024).decode(in, new Collector()));
    in.release();
    assertEquals(
        "Data frame length 1025 exceeds the largest receive window 1024 on stream 1",
        e.getMessage());
  }

  @Test
  void flagsPrintByName() {
    assertEquals("SYN|ACK|FIN|RST|0x10", Flags.toString(0x1F));
    assertEquals("0", Flags.toString(0));
  }
}
