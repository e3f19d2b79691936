package io.kameo.libp2p.internal.noise;

/**
 * INTERNAL API. A Noise handshake or transport failure: a bad authentication tag, a malformed or
 * oversized frame, an invalid handshake payload, a signature that does not verify, or a remote peer
 * other than the expected one. The connection it happened on must be closed.
 */
public final class NoiseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming what went wrong. */
  public NoiseException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
