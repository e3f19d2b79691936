package io.kameo.libp2p.internal.wire;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * INTERNAL API. Runs a protobuf encoder body into a byte array of exactly the encoded size; for the
 * hand-written encoders (kad, identify, Noise payload, keys, the actor and registry frames).
 *
 * <p>The body runs twice: once against a stream that only counts, then against an array of the
 * counted size. Measured in docs/design/codecs.md: an encoder over a {@code ByteArrayOutputStream}
 * allocated a 4 KiB buffer per message and copied the result once more; this allocates the result
 * and two small encoder objects. The body must therefore write the same fields both times (a pure
 * function of the message).
 */
public final class ProtoWriter {
  /** Writes the fields of one message. */
  @FunctionalInterface
  public interface Body {
    /** Writes the fields to {@code out}. */
    void writeTo(CodedOutputStream out) throws IOException;
  }

  /** The counting pass's buffer: big fields go straight to the (discarding) stream. */
  private static final int COUNTING_BUFFER = 64;

  private ProtoWriter() {}

  /** Returns the bytes {@code body} writes. */
  public static byte[] encode(Body body) {
    try {
      CodedOutputStream counting =
          CodedOutputStream.newInstance(OutputStream.nullOutputStream(), COUNTING_BUFFER);
      body.writeTo(counting);
      counting.flush();
      byte[] bytes = new byte[Math.toIntExact(counting.getTotalBytesWritten())];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.writeTo(out);
      out.checkNoSpaceLeft();
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException("in-memory protobuf encoding failed", e);
    }
  }
}
