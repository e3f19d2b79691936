package io.kameo.libp2p;

import java.io.Serial;

/**
 * A connection to a peer could not be established: the address is unreachable or not a TCP address,
 * the upgrade (multistream-select, Noise, muxer) failed, the remote is not the peer the address
 * names, it is this host itself, no address is known, or the connection limit is reached.
 */
public final class DialException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the address or peer and the reason. */
  public DialException(String message) {
    super(message, null);
  }

  /** Creates an exception whose message names the address or peer, with the underlying cause. */
  public DialException(String message, Throwable cause) {
    super(message, cause);
  }
}
