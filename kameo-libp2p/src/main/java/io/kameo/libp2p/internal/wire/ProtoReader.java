package io.kameo.libp2p.internal.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * INTERNAL API. The one strict reader of the hand-written protobuf decoders (kad, identify, Noise
 * payload, keys, the actor and registry frames of kameo-remote): one message held in a byte array.
 * Every failure is an exception of the decoder's choice whose text names the message, the field and
 * the byte offset. A field with a known number but the wrong wire type is rejected (not skipped, as
 * generic protobuf parsers do), and so are the deprecated group wire types, which no libp2p
 * implementation sends; unknown fields are skipped. Malformed UTF-8 in a string is rejected. Not
 * thread-safe.
 *
 * <p>A decoder loops {@code for (int tag = in.nextTag(); tag != 0; tag = in.nextTag())}, switches
 * on {@link #field(int)}, reads known fields with the read method of their type and calls {@link
 * #skip(int)} for the others. Why hand-written and not generated: docs/design/codecs.md.
 */
public final class ProtoReader {
  private final CodedInputStream in;
  private final int length;
  private final String message;
  private final Function<String, ? extends RuntimeException> failure;

  /**
   * Creates a reader over {@code bytes} that fails with {@link IllegalArgumentException}.
   *
   * @param message the message's name in error messages, e.g. {@code "actor envelope"}
   */
  public ProtoReader(byte[] bytes, String message) {
    this(bytes, message, IllegalArgumentException::new);
  }

  /**
   * Creates a reader over {@code bytes}, which must not change while it is read.
   *
   * @param message the message's name in error messages, e.g. {@code "kad Message"}
   * @param failure makes the exception thrown for malformed input from its message
   */
  public ProtoReader(
      byte[] bytes, String message, Function<String, ? extends RuntimeException> failure) {
    this.in = CodedInputStream.newInstance(Objects.requireNonNull(bytes, "bytes"));
    this.length = bytes.length;
    this.message = Objects.requireNonNull(message, "message");
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * Returns the offset of the next unread byte (before {@link #nextTag()}: where a field starts).
   */
  public int position() {
    return in.getTotalBytesRead();
  }

  /** Returns the next tag, or 0 at the end of the input. */
  public int nextTag() {
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
  public static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  /** Reads a varint field (uint64, int64, enum), after checking that it has the varint type. */
  public long readVarint(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_VARINT, field);
    return readRawVarint(field, in.getTotalBytesRead());
  }

  /** Reads a uint32 field: a varint of at most 32 bits. */
  public int readUInt32(int tag, String field) {
    int offset = in.getTotalBytesRead();
    long value = readVarint(tag, field);
    if (value >>> 32 != 0) {
      throw fail(offset, field + " is " + Long.toUnsignedString(value) + ", above 2^32 - 1");
    }
    return (int) value;
  }

  /** Reads a bool field: a varint, true unless 0. */
  public boolean readBool(int tag, String field) {
    return readVarint(tag, field) != 0;
  }

  /** Reads a fixed64 field, after checking its wire type and that 8 bytes remain. */
  public long readFixed64(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_FIXED64, field);
    int offset = in.getTotalBytesRead();
    try {
      requireRemaining(8, field);
      return in.readRawLittleEndian64();
    } catch (IOException e) {
      throw fail(offset, field + ": " + e.getMessage());
    }
  }

  /** Reads a length-delimited field as bytes, after checking the wire type and the length. */
  public byte[] readBytes(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
    int size = readLength(field);
    try {
      return in.readRawBytes(size);
    } catch (IOException e) {
      throw fail(in.getTotalBytesRead(), field + ": " + e.getMessage());
    }
  }

  /** Reads a length-delimited field as UTF-8 text; malformed UTF-8 is rejected. */
  public String readString(int tag, String field) {
    requireWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
    int offset = in.getTotalBytesRead();
    try {
      // protobuf's own reader checks the length against the input and the UTF-8 as it decodes,
      // without the copy and the CharsetDecoder a separate check costs
      return in.readStringRequireUtf8();
    } catch (InvalidProtocolBufferException e) {
      boolean utf8 = e.getMessage() != null && e.getMessage().contains("UTF-8");
      throw fail(offset, utf8 ? field + " is not valid UTF-8" : field + ": " + e.getMessage());
    } catch (IOException e) {
      throw fail(offset, field + ": " + e.getMessage());
    }
  }

  /** Skips the value of an unknown field. */
  public void skip(int tag) {
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

  /** Returns an exception for a decoder's own check, naming the message and the offset. */
  public RuntimeException invalid(String detail) {
    return fail(in.getTotalBytesRead(), detail);
  }

  private void skipRaw(int size, String what) throws IOException {
    requireRemaining(size, what);
    in.skipRawBytes(size);
  }

  private void requireRemaining(int size, String what) {
    if (size > length - in.getTotalBytesRead()) {
      throw fail(in.getTotalBytesRead(), "truncated " + what + ": needs " + size + " bytes");
    }
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
    try {
      return in.readRawVarint64();
    } catch (IOException e) {
      throw fail(offset, "truncated or malformed varint (" + what + ")");
    }
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

  private RuntimeException fail(int offset, String detail) {
    return failure.apply("malformed " + message + " at offset " + offset + ": " + detail);
  }
}
