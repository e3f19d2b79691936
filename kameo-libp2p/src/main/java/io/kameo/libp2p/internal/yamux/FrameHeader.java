package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * INTERNAL API. A yamux frame header: version (always 0), type, flags, stream id and length, 12
 * bytes in big-endian order.
 *
 * <p>The stream id and the length are unsigned 32-bit values. The stream id is held in an {@code
 * int} (compare with {@link Integer#compareUnsigned}); the length in a {@code long} from 0 to
 * 2<sup>32</sup>-1. The meaning of the length depends on the type: payload size (data), window
 * delta (window update), opaque value (ping) or error code (GoAway).
 *
 * @param type the frame type
 * @param flags the flag bits, see {@link Flags}; 0 to 0xFFFF
 * @param streamId the stream id, 0 for the session (ping and GoAway)
 * @param length the length field, 0 to 2<sup>32</sup>-1
 */
public record FrameHeader(FrameType type, int flags, int streamId, long length) {
  /** The size of an encoded header in bytes. */
  public static final int LENGTH = 12;

  /** The only yamux version there is. */
  public static final int VERSION = 0;

  /** The largest value of the 32-bit length field. */
  public static final long MAX_LENGTH = 0xFFFF_FFFFL;

  /**
   * Creates a header.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if {@code flags} does not fit 16 bits or {@code length} does
   *     not fit 32 unsigned bits
   */
  public FrameHeader {
    Objects.requireNonNull(type, "type");
    if ((flags & ~0xFFFF) != 0) {
      throw new IllegalArgumentException(
          "flags do not fit 16 bits: 0x" + Integer.toHexString(flags));
    }
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("length does not fit 32 unsigned bits: " + length);
    }
  }

  /**
   * Writes this header (12 bytes) to {@code out}.
   *
   * <p>Buffer ownership: {@code out} stays the caller's; its writer index advances by 12.
   */
  public void encode(ByteBuf out) {
    out.writeByte(VERSION);
    out.writeByte(type.code());
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }

  /**
   * Reads and validates one header from the 12 bytes at the reader index of {@code in}.
   *
   * <p>Rejected, with a message naming the value: a version other than 0, a type above 3, a data or
   * window update frame on stream 0, a ping or GoAway frame on a stream other than 0, and a ping
   * whose flags are not exactly SYN (request) or exactly ACK (response).
   *
   * <p>Buffer ownership: {@code in} stays the caller's; its reader index advances by 12 on success.
   *
   * @throws IndexOutOfBoundsException if fewer than 12 bytes are readable
   * @throws YamuxProtocolException if the header is invalid
   */
  public static FrameHeader decode(ByteBuf in) {
    if (in.readableBytes() < LENGTH) {
      throw new IndexOutOfBoundsException(
          "a yamux header needs " + LENGTH + " bytes, " + in.readableBytes() + " readable");
    }
    int start = in.readerIndex();
    int version = in.getUnsignedByte(start);
    if (version != VERSION) {
      throw new YamuxProtocolException("Invalid frame version " + version);
    }
    FrameType type = FrameType.ofCode(in.getUnsignedByte(start + 1));
    int flags = in.getUnsignedShort(start + 2);
    int streamId = in.getInt(start + 4);
    long length = in.getUnsignedInt(start + 8);
    switch (type) {
      case DATA, WINDOW_UPDATE -> {
        if (streamId == 0) {
          throw new YamuxProtocolException("Invalid frame type " + type + " on stream 0");
        }
      }
      case PING, GO_AWAY -> {
        if (streamId != 0) {
          throw new YamuxProtocolException(
              "Invalid frame type " + type + " on stream " + Integer.toUnsignedString(streamId));
        }
        if (type == FrameType.PING && flags != Flags.SYN && flags != Flags.ACK) {
          throw new YamuxProtocolException("Invalid ping flags " + Flags.toString(flags));
        }
      }
    }
    in.skipBytes(LENGTH);
    return new FrameHeader(type, flags, streamId, length);
  }

  @Override
  public String toString() {
    return type
        + "(stream="
        + Integer.toUnsignedString(streamId)
        + ", flags="
        + Flags.toString(flags)
        + ", length="
        + length
        + ")";
  }
}
