package io.kameo.libp2p.internal.kad;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A strict reader of one protobuf message held in a byte array, for the hand-written kad decoders.
 * Every failure is a {@link KadProtocolException} that names the message, the field and the byte
 * offset. Fields with a known number but the wrong wire type are rejected (not skipped, as generic
 * protobuf parsers do), and so are the deprecated group wire types, which no kad implementation
 * sends; other unknown fields are skipped. Not thread-safe.
 */
final class ProtoReader {
  private final CodedInputStream in;
  private final int length;
  private final String message;

  /**
   * Creates a reader over {@code bytes}.
   *
   * @param message the protobuf message name used in error messages, e.g. {@code "Message"}
   */
  ProtoReader(byte[] bytes, String message) {
    this.in = CodedInputStream.newInstance(bytes);
    this.length = bytes.length;
    this.message = message;
  }

  /** Returns the next tag, or 0 at the end of the input. */
  int nextTag() {
    if (in.getTotalBytesRead() == length) {
      return 0;
    }
    int offset = in.getTotalBytesRead();
    long tag = readRawVarint("tag", offset);
    if (tag > Integer.MAX_VALUE || WireFormat.getTagFieldNumber((int) tag) == 0) {
      throw fail(offset, "invalid tag " + tag + " (field number 0 or out of range)");
    }
    return (int) tag;
  }

  /** Returns the field number of {@code tag}. */
  static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  /** Reads a varint field, after checking that {@code tag} has the varint wire type. */
  long readVarint(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_VARINT, field);
    return readRawVarint(field, in.getTotalBytesRead());
  }

  /** Reads a length-delimited field as bytes, after checking the wire type and the length. */
  byte[] readBytes(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
    int size = readLength(field);
    try {
      return in.readRawBytes(size);
    } catch (IOException e) {
      throw fail(in.getTotalBytesRead(), field + ": " + e.getMessage());
    }
  }

  /** Reads a length-delimited field as UTF-8 text; malformed UTF-8 is rejected. */
  String readString(int tag, String field) {
    byte[] bytes = readBytes(tag, field);
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw fail(in.getTotalBytesRead() - bytes.length, field + " is not valid UTF-8");
    }
  }

  /** Skips the value of an unknown field. */
  void skip(int tag) {
    int offset = in.getTotalBytesRead();
    String what = "unknown field " + field(tag);
    try {
      switch (WireFormat.getTagWireType(tag)) {
        case WireFormat.WIRETYPE_VARINT -> readRawVarint(what, offset);
        case WireFormat.WIRETYPE_FIXED64 -> skipRaw(8, what);
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.skipRawBytes(readLength(what));
        case WireFormat.WIRETYPE_FIXED32 -> skipRaw(4, what);
        case WireFormat.WIRETYPE_START_GROUP, WireFormat.WIRETYPE_END_GROUP ->
            throw fail(offset, what + " uses the deprecated group wire type");
        default ->
            throw fail(offset, what + " has invalid wire type " + WireFormat.getTagWireType(tag));
      }
    } catch (IOException e) {
      throw fail(offset, what + ": " + e.getMessage());
    }
  }

  private void skipRaw(int size, String what) throws IOException {
    if (size > length - in.getTotalBytesRead()) {
      throw fail(in.getTotalBytesRead(), "truncated " + what + ": needs " + size + " bytes");
    }
    in.skipRawBytes(size);
  }

  private int readLength(String field) {
    int offset = in.getTotalBytesRead();
    long size = readRawVarint(field + " length", offset);
    int remaining = length - in.getTotalBytesRead();
    if (size < 0 || size > remaining) {
      throw fail(
          offset,
          "length of "
              + field
              + " is "
              + Long.toUnsignedString(size)
              + " bytes but only "
              + remaining
              + " remain");
    }
    return (int) size;
  }

  private long readRawVarint(String what, int offset) {
    long value;
    try {
      value = in.readRawVarint64();
    } catch (IOException e) {
      throw fail(offset, "truncated or malformed varint (" + what + ")");
    }
    return value;
  }

  private void requireWireType(int tag, int wireType, String field) {
    int actual = WireFormat.getTagWireType(tag);
    if (actual != wireType) {
      throw fail(
          in.getTotalBytesRead(),
          "field "
              + field(tag)
              + " ("
              + field
              + ") has wire type "
              + actual
              + ", expected "
              + wireType);
    }
  }

  private KadProtocolException fail(int offset, String detail) {
    return new KadProtocolException(
        "malformed kad " + message + " at offset " + offset + ": " + detail);
  }
}
