package io.kameo.libp2p.internal.wire;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * INTERNAL API. Runs a protobuf encoder body against an in-memory {@link CodedOutputStream}; for
 * the hand-written encoders of the kad and registry messages.
 */
public final class ProtoWriter {
  /** Writes the fields of one message. */
  @FunctionalInterface
  public interface Body {
    /** Writes the fields to {@code out}. */
    void writeTo(CodedOutputStream out) throws IOException;
  }

  private ProtoWriter() {}

  /** Returns the bytes {@code body} writes. */
  public static byte[] encode(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory protobuf encoding failed", e);
    }
  }
}
