package io.kameo.libp2p.internal.frames;

import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.wire.Varint;
import java.time.Duration;

/**
 * INTERNAL API. Length-prefixed frames on a {@link Stream}: an unsigned varint length, then that
 * many bytes. Reading takes exactly one frame off the stream, so several frames can follow each
 * other on one stream.
 */
public final class StreamFrames {
  private StreamFrames() {}

  /** Writes {@code body} as one frame. */
  public static void write(Stream stream, byte[] body, Duration timeout) {
    byte[] frame = new byte[Varint.length(body.length) + body.length];
    int at = Varint.write(frame, 0, body.length);
    System.arraycopy(body, 0, frame, at, body.length);
    stream.write(frame, timeout);
  }

  /**
   * Reads one frame's body, or returns null if the stream ended cleanly before its first byte.
   *
   * @throws IllegalArgumentException if the length prefix is malformed or above {@code maxBytes}
   * @throws StreamResetException if the stream ends inside a frame
   */
  public static byte[] read(Stream stream, Duration timeout, int maxBytes) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long length = readLength(stream, deadline);
    if (length < 0) {
      return null;
    }
    if (length > maxBytes) {
      throw new IllegalArgumentException(
          "frame of " + length + " bytes is above the limit of " + maxBytes);
    }
    byte[] body = new byte[(int) length];
    stream.readFully(body, left(deadline));
    return body;
  }

  /**
   * A frame read by {@link #readOrSkip}: the whole body, or for a frame above the limit only its
   * first bytes.
   *
   * @param body the body, or its first bytes if the frame was too large
   * @param length the frame's length as its prefix said
   */
  public record Frame(byte[] body, long length) {
    /** Returns whether the frame was above the limit and only its head was kept. */
    public boolean oversized() {
      return body.length < length;
    }
  }

  /**
   * Reads one frame like {@link #read}, but a frame above {@code maxBytes} is not an error: its
   * first {@code headBytes} are kept and the rest is read and dropped in small pieces (memory stays
   * bounded), so the frames after it can still be read. Returns null at a clean end of stream.
   *
   * @throws IllegalArgumentException if the length prefix is malformed
   * @throws StreamResetException if the stream ends inside a frame
   */
  public static Frame readOrSkip(Stream stream, Duration timeout, int maxBytes, int headBytes) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long length = readLength(stream, deadline);
    if (length < 0) {
      return null;
    }
    if (length <= maxBytes) {
      byte[] body = new byte[(int) length];
      stream.readFully(body, left(deadline));
      return new Frame(body, length);
    }
    byte[] head = new byte[(int) Math.min(headBytes, length)];
    stream.readFully(head, left(deadline));
    byte[] scratch = new byte[64 << 10];
    for (long rest = length - head.length; rest > 0; ) {
      int n = stream.read(scratch, 0, (int) Math.min(scratch.length, rest), left(deadline));
      if (n < 0) {
        throw new StreamResetException("stream ended inside a frame");
      }
      rest -= n;
    }
    return new Frame(head, length);
  }

  /** Reads a length prefix; -1 at a clean end of stream. */
  private static long readLength(Stream stream, long deadline) {
    byte[] one = new byte[1];
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift >= 35) {
        throw new IllegalArgumentException("frame length prefix longer than 5 bytes");
      }
      if (stream.read(one, 0, 1, left(deadline)) < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new StreamResetException("stream ended inside a frame length prefix");
      }
      length |= (long) (one[0] & 0x7f) << shift;
      if ((one[0] & 0x80) == 0) {
        return length;
      }
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }
}
