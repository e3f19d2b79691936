package io.kameo.libp2p.internal.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultistreamCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  // hex examples from the libp2p connections spec and the multistream-select README
  @ParameterizedTest
  @CsvSource({"na, 036e610a", "ls, 036c730a"})
  void encodesSpecExamples(String message, String hex) {
    ByteBuf out = Unpooled.buffer();
    MultistreamCodec.writeMessage(out, message);
    assertEquals(hex, ByteBufUtil.hexDump(out));
    assertArrayEquals(
        message.getBytes(StandardCharsets.UTF_8),
        MultistreamCodec.tryReadMessage(Unpooled.wrappedBuffer(HEX.parseHex(hex))));
  }

  @Test
  void headerIsNineteenBytesWithPrefix0x13() {
    ByteBuf out = Unpooled.buffer();
    MultistreamCodec.writeMessage(out, MultistreamCodec.PROTOCOL_ID);
    assertEquals(20, out.readableBytes());
    assertEquals(0x13, out.getByte(0));
    assertEquals('\n', out.getByte(19));
  }

  @Test
  void incompleteMessageReturnsNullAndLeavesTheBufferUntouched() {
    ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("036e61"));
    assertNull(MultistreamCodec.tryReadMessage(in));
    assertEquals(0, in.readerIndex());
    assertNull(MultistreamCodec.tryReadMessage(Unpooled.wrappedBuffer(HEX.parseHex("88"))));
    assertNull(MultistreamCodec.tryReadMessage(Unpooled.EMPTY_BUFFER));
  }

  @Test
  void messageWithoutTrailingNewlineIsRejected() {
    MultistreamException e =
        assertThrows(
            MultistreamException.class,
            () -> MultistreamCodec.tryReadMessage(Unpooled.wrappedBuffer(HEX.parseHex("026e61"))));
    assertEquals("Missing newline", e.getMessage());
    assertThrows(
        MultistreamException.class,
        () -> MultistreamCodec.tryReadMessage(Unpooled.wrappedBuffer(HEX.parseHex("00"))));
  }

  @Test
  void messagesAboveTheLimitAreRejectedBeforeTheyArrive() {
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(HEX.parseHex("8108")); // 1025
    MultistreamException e =
        assertThrows(MultistreamException.class, () -> MultistreamCodec.tryReadMessage(in));
    assertEquals("multistream message of 1025 bytes exceeds 1024", e.getMessage());
    // a length prefix longer than two bytes
    assertThrows(
        MultistreamException.class,
        () -> MultistreamCodec.tryReadMessage(Unpooled.wrappedBuffer(HEX.parseHex("808001"))));
  }

  @Test
  void messageOfExactlyTheLimitIsAccepted() {
    String message = "/" + "a".repeat(1022);
    ByteBuf out = Unpooled.buffer();
    MultistreamCodec.writeMessage(out, message);
    assertEquals(message, MultistreamCodec.decodeText(MultistreamCodec.tryReadMessage(out)));
    assertThrows(
        IllegalArgumentException.class, () -> MultistreamCodec.writeMessage(out, message + "a"));
  }

  @Test
  void writingAMessageWithANewlineIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MultistreamCodec.writeMessage(Unpooled.buffer(), "/a\n/b"));
  }

  @Test
  void invalidUtf8IsRejected() {
    assertThrows(
        MultistreamException.class, () -> MultistreamCodec.decodeText(new byte[] {(byte) 0xC3}));
  }

  @Test
  void listReplyNestsLengthPrefixedEntriesInOneMessage() {
    ByteBuf out = Unpooled.buffer();
    MultistreamCodec.writeList(out, List.of("/a", "/bc"));
    // outer length 10 = (03 "/a\n") + (04 "/bc\n") + "\n"
    assertEquals("0a032f610a042f62630a0a", ByteBufUtil.hexDump(out));
    assertEquals(
        List.of("/a", "/bc"), MultistreamCodec.decodeList(MultistreamCodec.tryReadMessage(out)));
  }
}
