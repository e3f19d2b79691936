package io.kameo.libp2p.internal.wire;

import io.netty.buffer.ByteBuf;

/**
 * INTERNAL API. The multiformats unsigned varint: 7 bits per byte, least significant group first,
 * high bit set on every byte but the last, at most 9 bytes (63 bits) and always minimally encoded.
 *
 * <p>Decoders reject an encoding longer than 9 bytes or one that is not minimal (a final byte of
 * zero after other bytes), as the multiformats spec requires. All methods throw {@link
 * NullPointerException} for null arguments.
 */
public final class Varint {
  /** The longest encoding the spec allows, in bytes. */
  public static final int MAX_LENGTH = 9;

  private Varint() {}

  /**
   * Returns how many bytes {@code value} takes when encoded.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static int length(long value) {
    requireNonNegative(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /**
   * Returns the encoding of {@code value} as a new array.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static byte[] encode(long value) {
    byte[] out = new byte[length(value)];
    write(out, 0, value);
    return out;
  }

  /**
   * Writes {@code value} into {@code out} at {@code offset} and returns the offset after it.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   * @throws IndexOutOfBoundsException if {@code out} is too short
   */
  public static int write(byte[] out, int offset, long value) {
    requireNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[offset++] = (byte) value;
    return offset;
  }

  /**
   * Writes {@code value} at the writer index of {@code out}; the caller keeps ownership of {@code
   * out}.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static void write(ByteBuf out, long value) {
    requireNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  /**
   * Reads a varint of at most {@code maxBytes} bytes from the reader index of {@code in}, or
   * returns -1 without moving the reader index when the buffer does not hold all of it yet. The
   * caller keeps ownership of {@code in}.
   *
   * @param maxBytes the longest encoding accepted, 1 to {@link #MAX_LENGTH}
   * @throws IllegalArgumentException if the encoding is longer than {@code maxBytes} or not minimal
   */
  public static long tryRead(ByteBuf in, int maxBytes) {
    if (maxBytes < 1 || maxBytes > MAX_LENGTH) {
      throw new IllegalArgumentException("maxBytes must be 1.." + MAX_LENGTH + ": " + maxBytes);
    }
    int start = in.readerIndex();
    int available = in.writerIndex() - start;
    long value = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (i >= available) {
        return -1;
      }
      int b = in.getByte(start + i) & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IllegalArgumentException("varint is not minimally encoded");
        }
        in.readerIndex(start + i + 1);
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than " + maxBytes + " bytes");
  }

  private static void requireNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint value must not be negative: " + value);
    }
  }
}
