package io.kameo.libp2p.internal.yamux;

import java.io.Serial;

/**
 * INTERNAL API. The remote peer broke the yamux protocol (an invalid header, a receive window
 * exceeded, an unrequested ping response, ...). A session that detects one sends GoAway with {@link
 * GoAwayCode#PROTOCOL_ERROR} and terminates; the connection should then be closed.
 */
public final class YamuxProtocolException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message, which names the offending value. */
  public YamuxProtocolException(String message) {
    super(message);
  }
}
