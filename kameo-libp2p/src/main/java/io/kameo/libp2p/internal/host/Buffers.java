package io.kameo.libp2p.internal.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** INTERNAL API. Buffer helpers of the host. */
final class Buffers {
  private Buffers() {}

  /** The initial capacity of a connection's inbound buffer: two full Noise frames. */
  static final int CUMULATION_SIZE = 2 * 65537;

  /** The initial capacity of the inbound buffer of a connection still in its handshake. */
  static final int HANDSHAKE_CUMULATION_SIZE = 1024;

  /**
   * Copies {@code in} into {@code cumulation} (a heap buffer of at least {@code initialSize} bytes,
   * created when null, grown when full) and releases {@code in}. Returns the buffer, which the
   * caller owns. Copying into one long-lived heap buffer keeps every Noise frame contiguous, which
   * the cipher needs, at the cost of one copy that is small next to the decryption.
   */
  static ByteBuf append(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in, int initialSize) {
    try {
      if (cumulation == null) {
        cumulation = alloc.heapBuffer(Math.max(initialSize, in.readableBytes()));
      } else if (cumulation.writableBytes() < in.readableBytes()) {
        cumulation.discardReadBytes();
        cumulation.ensureWritable(in.readableBytes());
      }
      cumulation.writeBytes(in);
      return cumulation;
    } finally {
      in.release();
    }
  }

  /**
   * Appends {@code in} to {@code cumulation} (null for none) and returns the buffer holding both,
   * which may be a new one. Takes ownership of both arguments; the caller owns the result.
   */
  static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    if (cumulation == null) {
      return in;
    }
    try {
      if (cumulation.refCnt() == 1
          && !cumulation.isReadOnly()
          && cumulation.maxWritableBytes() >= in.readableBytes()
          && cumulation.writableBytes() >= in.readableBytes()) {
        cumulation.writeBytes(in);
        return cumulation;
      }
      ByteBuf merged = alloc.buffer(Math.max(cumulation.readableBytes() + in.readableBytes(), 256));
      merged.writeBytes(cumulation).writeBytes(in);
      cumulation.release();
      return merged;
    } finally {
      in.release();
    }
  }
}
