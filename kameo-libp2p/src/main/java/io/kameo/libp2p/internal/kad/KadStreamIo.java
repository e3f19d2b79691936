package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.frames.StreamFrames;
import java.time.Duration;

/**
 * INTERNAL API. Reads and writes {@link KadMessage}s on a {@link Stream}: each is an unsigned
 * varint length and the protobuf ({@link StreamFrames}).
 */
final class KadStreamIo {
  private KadStreamIo() {}

  /** Writes {@code message}, framed. */
  static void write(Stream stream, KadMessage message, Duration timeout) {
    StreamFrames.write(stream, message.encode(), timeout);
  }

  /**
   * Reads one framed message, or returns null if the stream ended cleanly before its first byte.
   *
   * @throws KadProtocolException if the length is malformed or above {@code maxBytes}, or the body
   *     is not a valid message
   * @throws StreamResetException if the stream ends inside a message
   */
  static KadMessage read(Stream stream, Duration timeout, int maxBytes) {
    byte[] body;
    try {
      body = StreamFrames.read(stream, timeout, maxBytes);
    } catch (IllegalArgumentException e) {
      throw new KadProtocolException("kad " + e.getMessage());
    }
    return body == null ? null : KadMessage.decode(body);
  }
}
