package io.kameo.libp2p.internal.multistream;

/**
 * INTERNAL API. A multistream-select negotiation failed: a malformed message, an unexpected reply,
 * or no protocol both sides support. The channel or stream it happened on is no longer usable.
 */
public final class MultistreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming what went wrong. */
  public MultistreamException(String message) {
    super(message);
  }
}
