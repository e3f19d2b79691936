package io.kameo.remote.internal.wire;

import io.kameo.remote.Stream;
import io.kameo.remote.StreamResetException;
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
    byte[] one = new byte[1];
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift >= 35) {
        throw new IllegalArgumentException("frame length prefix longer than 5 bytes");
      }
      if (stream.read(one, 0, 1, left(deadline)) < 0) {
        if (shift == 0) {
          return null;
        }
        throw new StreamResetException("stream ended inside a frame length prefix");
      }
      length |= (long) (one[0] & 0x7f) << shift;
      if ((one[0] & 0x80) == 0) {
        break;
      }
    }
    if (length > maxBytes) {
      throw new IllegalArgumentException(
          "frame of " + length + " bytes is above the limit of " + maxBytes);
    }
    byte[] body = new byte[(int) length];
    stream.readFully(body, left(deadline));
    return body;
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }
}
