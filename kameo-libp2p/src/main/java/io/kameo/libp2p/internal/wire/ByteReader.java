package io.kameo.libp2p.internal.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * INTERNAL API. A cursor over a byte array for decoding small, complete binary structures
 * (multiaddrs, multihashes, CIDs). Every read checks bounds and throws {@link
 * IllegalArgumentException} naming what was being read and where; not thread-safe.
 */
public final class ByteReader {
  private final byte[] bytes;
  private int position;

  /** Creates a reader over {@code bytes}, which must not change while it is read. */
  public ByteReader(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** Returns the number of unread bytes. */
  public int remaining() {
    return bytes.length - position;
  }

  /** Returns the offset of the next unread byte. */
  public int position() {
    return position;
  }

  /**
   * Reads a minimally encoded unsigned varint of at most 9 bytes.
   *
   * @param what names the value in the error message
   * @throws IllegalArgumentException if the input ends early or the encoding is invalid
   */
  public long readVarint(String what) {
    long value = 0;
    for (int i = 0; i < Varint.MAX_LENGTH; i++) {
      if (position >= bytes.length) {
        throw new IllegalArgumentException(
            "truncated " + what + ": input ends inside a varint at offset " + position);
      }
      int b = bytes[position++] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IllegalArgumentException(
              "invalid " + what + ": varint not minimally encoded at offset " + (position - 1));
        }
        return value;
      }
    }
    throw new IllegalArgumentException(
        "invalid " + what + ": varint longer than 9 bytes at offset " + position);
  }

  /**
   * Reads {@code length} bytes into a new array.
   *
   * @param what names the value in the error message
   * @throws IllegalArgumentException if fewer than {@code length} bytes remain
   */
  public byte[] readBytes(long length, String what) {
    if (length < 0 || length > remaining()) {
      throw new IllegalArgumentException(
          "truncated "
              + what
              + ": needs "
              + length
              + " bytes at offset "
              + position
              + " but "
              + remaining()
              + " remain");
    }
    byte[] out = Arrays.copyOfRange(bytes, position, position + (int) length);
    position += (int) length;
    return out;
  }
}
