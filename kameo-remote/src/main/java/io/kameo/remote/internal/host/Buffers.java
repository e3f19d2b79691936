package io.kameo.remote.internal.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** INTERNAL API. Buffer helpers of the host. */
final class Buffers {
  private Buffers() {}

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
