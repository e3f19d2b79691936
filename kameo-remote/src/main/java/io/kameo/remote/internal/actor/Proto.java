package io.kameo.remote.internal.actor;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;

/** The two protobuf chores the small actor frames share: writing one, reading its varints. */
final class Proto {
  private Proto() {}

  /** Returns the bytes {@code fields} writes (see {@link ProtoWriter}). */
  static byte[] write(ProtoWriter.Body fields) {
    return ProtoWriter.encode(fields);
  }

  /**
   * Reads a message of varint fields 1..{@code count}: returns them by field number - 1 (0 when
   * absent); other fields are skipped.
   *
   * @throws IllegalArgumentException if a field 1..count is not a varint or the bytes are malformed
   */
  static long[] varints(byte[] body, int count) {
    long[] values = new long[count];
    ProtoReader in = new ProtoReader(body, "actor frame");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      int field = ProtoReader.field(tag);
      if (field >= 1 && field <= count) {
        values[field - 1] = in.readVarint(tag, "field " + field);
      } else {
        in.skip(tag);
      }
    }
    return values;
  }
}
