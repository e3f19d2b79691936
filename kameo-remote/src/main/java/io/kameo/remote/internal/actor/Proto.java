package io.kameo.remote.internal.actor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The two protobuf chores the small actor frames share: writing one, reading its varints. */
final class Proto {
  private Proto() {}

  /** Writes fields into a protobuf message. */
  @FunctionalInterface
  interface Fields {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  static byte[] write(Fields fields) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
  }

  /**
   * Reads a message of varint fields 1..{@code count}: returns them by field number - 1 (0 when
   * absent); other fields are skipped.
   *
   * @throws IllegalArgumentException if a field 1..count is not a varint or the bytes are malformed
   */
  static long[] varints(byte[] body, int count) throws IOException {
    long[] values = new long[count];
    CodedInputStream in = CodedInputStream.newInstance(body);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field >= 1 && field <= count) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_VARINT) {
          throw new IllegalArgumentException("field " + field + " is not a varint");
        }
        values[field - 1] = in.readUInt64();
      } else if (field == 0 || !in.skipField(tag)) {
        throw new IllegalArgumentException("bad tag " + tag);
      }
    }
    return values;
  }
}
