package io.kameo.libp2p;

import java.io.Serial;

/**
 * A stream or its connection ended abnormally: the remote or this side reset it, the connection
 * closed, the remote broke a protocol on it, or a write was refused because the write side is
 * closed or its buffer is full.
 */
public final class StreamResetException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception naming the stream and the reason. */
  public StreamResetException(String message) {
    super(message, null);
  }

  /** Creates an exception naming the stream and the reason, with the underlying cause. */
  public StreamResetException(String message, Throwable cause) {
    super(message, cause);
  }
}
