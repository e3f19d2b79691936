package io.kameo.remote.internal.kad;

import io.kameo.remote.Stream;
import io.kameo.remote.StreamResetException;
import java.time.Duration;

/**
 * INTERNAL API. Reads and writes {@link KadMessage}s on a {@link Stream}: each is an unsigned
 * varint length and the protobuf. Reading takes exactly one message off the stream, so several
 * requests can follow each other on one stream.
 */
final class KadStreamIo {
  private KadStreamIo() {}

  /** Writes {@code message}, framed. */
  static void write(Stream stream, KadMessage message, Duration timeout) {
    stream.write(message.encodeFramed(), timeout);
  }

  /**
   * Reads one framed message, or returns null if the stream ended cleanly before its first byte.
   *
   * @throws KadProtocolException if the length is malformed or above {@code maxBytes}, or the body
   *     is not a valid message
   * @throws StreamResetException if the stream ends inside a message
   */
  static KadMessage read(Stream stream, Duration timeout, int maxBytes) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] one = new byte[1];
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift >= 35) {
        throw new KadProtocolException("kad message length prefix longer than 5 bytes");
      }
      int n = stream.read(one, 0, 1, left(deadline));
      if (n < 0) {
        if (shift == 0) {
          return null;
        }
        throw new StreamResetException("kad stream ended inside a length prefix");
      }
      length |= (long) (one[0] & 0x7f) << shift;
      if ((one[0] & 0x80) == 0) {
        break;
      }
    }
    if (length > maxBytes) {
      throw new KadProtocolException(
          "kad message of " + length + " bytes is above the limit of " + maxBytes);
    }
    byte[] body = new byte[(int) length];
    stream.readFully(body, left(deadline));
    return KadMessage.decode(body);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }
}
