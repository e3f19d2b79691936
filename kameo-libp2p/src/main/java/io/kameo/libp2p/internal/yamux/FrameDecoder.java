package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * INTERNAL API. Splits a byte stream into yamux frames, incrementally: headers are reported as soon
 * as their 12 bytes have arrived, and data payloads are passed on in the pieces in which they
 * arrive (retained slices of the input, no copy). Its only buffered state is a partial header, so
 * its memory use does not depend on frame sizes.
 *
 * <p>A data header whose length exceeds {@code maxDataLength} is rejected before any of its payload
 * is read, which bounds what a peer can announce.
 *
 * <p>Not thread-safe: one decoder belongs to one connection and is used by one thread at a time.
 * After it has thrown a {@link YamuxProtocolException}, its state is undefined and it must not be
 * used again.
 */
public final class FrameDecoder {
  /** Receives what a {@link FrameDecoder} decodes. */
  public interface Listener {
    /**
     * A header has been decoded and validated. For a data frame with a non-zero length, its payload
     * follows through {@link #onPayload}.
     */
    void onHeader(FrameHeader header);

    /**
     * A piece of the payload of the data frame whose header was reported last.
     *
     * <p>Buffer ownership: {@code payload} is passed to the listener, which must release it.
     *
     * @param last whether this piece ends the frame's payload
     */
    void onPayload(FrameHeader header, ByteBuf payload, boolean last);
  }

  private final long maxDataLength;
  private final byte[] partialHeader = new byte[FrameHeader.LENGTH];
  private int partialLength;
  private FrameHeader current;
  private long payloadRemaining;

  /**
   * Creates a decoder.
   *
   * @param maxDataLength the largest data payload a header may announce
   * @throws IllegalArgumentException if {@code maxDataLength} is negative
   */
  public FrameDecoder(long maxDataLength) {
    if (maxDataLength < 0) {
      throw new IllegalArgumentException("maxDataLength is negative: " + maxDataLength);
    }
    this.maxDataLength = maxDataLength;
  }

  /**
   * Decodes everything readable in {@code in}, calling {@code listener} for each header and payload
   * piece in order, and keeps a trailing partial header for the next call.
   *
   * <p>Buffer ownership: {@code in} stays the caller's and is read to its end; the payload slices
   * passed to the listener are retained separately.
   *
   * @throws YamuxProtocolException if a header is invalid or announces too large a payload; the
   *     exceptions of the listener pass through
   */
  public void decode(ByteBuf in, Listener listener) {
    while (in.isReadable()) {
      if (payloadRemaining > 0) {
        int n = (int) Math.min(payloadRemaining, in.readableBytes());
        payloadRemaining -= n;
        FrameHeader header = current;
        boolean last = payloadRemaining == 0;
        if (last) {
          current = null;
        }
        listener.onPayload(header, in.readRetainedSlice(n), last);
        continue;
      }
      FrameHeader header;
      if (partialLength > 0 || in.readableBytes() < FrameHeader.LENGTH) {
        int n = Math.min(FrameHeader.LENGTH - partialLength, in.readableBytes());
        in.readBytes(partialHeader, partialLength, n);
        partialLength += n;
        if (partialLength < FrameHeader.LENGTH) {
          return;
        }
        partialLength = 0;
        header = FrameHeader.decode(Unpooled.wrappedBuffer(partialHeader));
      } else {
        header = FrameHeader.decode(in);
      }
      if (header.type() == FrameType.DATA) {
        if (header.length() > maxDataLength) {
          throw new YamuxProtocolException(
              "Data frame length "
                  + header.length()
                  + " exceeds the largest receive window "
                  + maxDataLength
                  + " on stream "
                  + Integer.toUnsignedString(header.streamId()));
        }
        if (header.length() > 0) {
          current = header;
          payloadRemaining = header.length();
        }
      }
      listener.onHeader(header);
    }
  }

  /** Returns whether the decoder holds a partial header or awaits payload bytes. */
  public boolean isMidFrame() {
    return partialLength > 0 || payloadRemaining > 0;
  }
}
