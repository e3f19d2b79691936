package io.kameo.libp2p.internal.kad;

import java.io.Serial;

/**
 * INTERNAL API. A peer sent bytes that are not a valid Kademlia message: malformed protobuf, an
 * unknown message type, a field with the wrong wire type, or a frame larger than {@link
 * KadMessage#MAX_MESSAGE_SIZE}. The message names what is wrong and where; the stream it came from
 * should be reset.
 */
public final class KadProtocolException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message, which names the offending value. */
  public KadProtocolException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and the exception that revealed the problem. */
  public KadProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
