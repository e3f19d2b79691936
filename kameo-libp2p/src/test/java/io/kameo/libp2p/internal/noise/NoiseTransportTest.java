package io.kameo.libp2p.internal.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseTransportTest {
  private static final byte[] K1 = new byte[32];
  private static final byte[] K2 = new byte[32];

  static {
    K1[0] = 1;
    K2[0] = 2;
  }

  private static NoiseTransport[] pair() {
    return new NoiseTransport[] {
      new NoiseTransport(CipherState.withKey(K1), CipherState.withKey(K2)),
      new NoiseTransport(CipherState.withKey(K2), CipherState.withKey(K1))
    };
  }

  @Test
  void largeWritesAreSplitIntoFramesOfAtMost65535Bytes() {
    NoiseTransport[] t = pair();
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    ByteBuf wire = Unpooled.buffer();
    t[0].encrypt(Unpooled.wrappedBuffer(data), wire);
    // 200000 = 3 * 65519 + 3443
    int frames = 0;
    for (int i = wire.readerIndex(); i < wire.writerIndex(); ) {
      int length = wire.getUnsignedShort(i);
      assertTrue(length <= NoiseTransport.MAX_FRAME_LENGTH);
      assertEquals(frames < 3 ? 65535 : 3443 + 16, length);
      i += 2 + length;
      frames++;
    }
    assertEquals(4, frames);
    ByteBuf plain = Unpooled.buffer();
    assertEquals(4, t[1].decrypt(wire, plain));
    assertEquals(Unpooled.wrappedBuffer(data), plain);
  }

  @Test
  void exactly65519BytesMakeOneFullFrameAndOneMoreByteMakesTwo() {
    NoiseTransport[] t = pair();
    ByteBuf wire = Unpooled.buffer();
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[NoiseTransport.MAX_PLAINTEXT_LENGTH]), wire);
    assertEquals(2 + 65535, wire.readableBytes());
    wire.clear();
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[NoiseTransport.MAX_PLAINTEXT_LENGTH + 1]), wire);
    assertEquals(2 + 65535 + 2 + 17, wire.readableBytes());
  }

  @Test
  void oversizedFramePlaintextIsRefused() {
    NoiseTransport[] t = pair();
    ByteBuf big = Unpooled.wrappedBuffer(new byte[NoiseTransport.MAX_PLAINTEXT_LENGTH + 1]);
    assertThrows(
        IllegalArgumentException.class,
        () -> t[0].encryptFrame(big, big.readableBytes(), Unpooled.buffer()));
  }

  @Test
  void partialFramesWaitForTheRest() {
    NoiseTransport[] t = pair();
    ByteBuf wire = Unpooled.buffer();
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), wire);
    ByteBuf in = Unpooled.buffer();
    ByteBuf plain = Unpooled.buffer();
    while (wire.readableBytes() > 1) {
      in.writeByte(wire.readByte());
      assertEquals(0, t[1].decrypt(in, plain));
    }
    in.writeByte(wire.readByte());
    assertEquals(1, t[1].decrypt(in, plain));
    assertEquals(3, plain.readableBytes());
  }

  @Test
  void tamperedFrameFailsWithBadTag() {
    NoiseTransport[] t = pair();
    ByteBuf wire = Unpooled.buffer();
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), wire);
    wire.setByte(3, wire.getByte(3) ^ 0x40);
    NoiseException e =
        assertThrows(NoiseException.class, () -> t[1].decrypt(wire, Unpooled.buffer()));
    assertTrue(e.getMessage().contains("bad authentication tag at nonce 0"), e.getMessage());
  }

  @Test
  void replayedOrReorderedFramesFailBecauseNoncesCount() {
    NoiseTransport[] t = pair();
    ByteBuf first = Unpooled.buffer();
    ByteBuf second = Unpooled.buffer();
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[] {1}), first);
    t[0].encrypt(Unpooled.wrappedBuffer(new byte[] {2}), second);
    assertThrows(NoiseException.class, () -> t[1].decrypt(second, Unpooled.buffer()));
  }

  @Test
  void frameShorterThanATagIsRejected() {
    NoiseTransport[] t = pair();
    ByteBuf wire = Unpooled.buffer().writeShort(15).writeBytes(new byte[15]);
    NoiseException e =
        assertThrows(NoiseException.class, () -> t[1].decrypt(wire, Unpooled.buffer()));
    assertTrue(e.getMessage().contains("shorter than its tag"), e.getMessage());
  }

  @Test
  void emptyFrameRoundTrips() {
    NoiseTransport[] t = pair();
    ByteBuf wire = Unpooled.buffer();
    t[0].encryptFrame(Unpooled.EMPTY_BUFFER, 0, wire);
    assertEquals(18, wire.readableBytes());
    ByteBuf plain = Unpooled.buffer();
    assertEquals(1, t[1].decrypt(wire, plain));
    assertEquals(0, plain.readableBytes());
  }

  @Test
  void compositePlaintextOfManyPartsEncryptsLikeTheContiguousBytes() {
    byte[] data = new byte[150_000];
    new Random(2).nextBytes(data);
    // heap and direct parts of odd sizes, so parts straddle the 65519-byte frame boundaries
    CompositeByteBuf parts = Unpooled.compositeBuffer(Integer.MAX_VALUE);
    int[] sizes = {12, 65507, 12, 3, 40_000, 1, 44_465};
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      ByteBuf part = i % 2 == 0 ? Unpooled.directBuffer(sizes[i]) : Unpooled.buffer(sizes[i]);
      parts.addComponent(true, part.writeBytes(data, at, sizes[i]));
      at += sizes[i];
    }
    assertEquals(data.length, at);
    ByteBuf fromParts = Unpooled.buffer();
    ByteBuf fromArray = Unpooled.buffer();
    pair()[0].encrypt(parts, fromParts);
    pair()[0].encrypt(Unpooled.wrappedBuffer(data), fromArray);
    assertEquals(fromArray, fromParts);
    assertEquals(0, parts.readableBytes());
    ByteBuf plain = Unpooled.buffer();
    assertEquals(3, pair()[1].decrypt(fromParts, plain));
    assertEquals(Unpooled.wrappedBuffer(data), plain);
    parts.release();
  }

  @Test
  void directAndCompositeBuffersWork() {
    NoiseTransport[] t = pair();
    ByteBuf src = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {5, 6, 7});
    ByteBuf wire =
        Unpooled.compositeBuffer()
            .addComponent(true, Unpooled.buffer(1))
            .addComponent(true, Unpooled.buffer(1));
    wire.clear();
    t[0].encrypt(src, wire);
    ByteBuf plain = ByteBufAllocator.DEFAULT.directBuffer();
    assertEquals(1, t[1].decrypt(wire, plain));
    assertEquals(Unpooled.wrappedBuffer(new byte[] {5, 6, 7}), plain);
    src.release();
    plain.release();
    wire.release();
  }

  @Test
  void nonceExhaustionClosesTheDirection() {
    CipherState state = CipherState.withKey(K1);
    state.setNonce(-1L); // 2^64 - 1 is reserved
    assertThrows(NoiseException.class, () -> state.encryptWithAd(new byte[0], new byte[1]));
  }

  @Test
  void noncesStartAtZeroAndCountPerFrame() {
    CipherState sender = CipherState.withKey(K1);
    NoiseTransport t = new NoiseTransport(sender, CipherState.withKey(K2));
    t.encrypt(Unpooled.wrappedBuffer(new byte[70_000]), Unpooled.buffer());
    assertEquals(2, sender.nonce());
  }
}
