package io.kameo.libp2p;

import java.io.Serial;

/** The remote peer answered {@code na}: it has no handler for the requested protocol id. */
public final class ProtocolNotSupportedException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  private final String protocol;

  /** Creates an exception for {@code protocol}, with a message naming the peer. */
  public ProtocolNotSupportedException(String protocol, String message) {
    super(message, null);
    this.protocol = protocol;
  }

  /** Returns the protocol id the remote refused. */
  public String protocol() {
    return protocol;
  }
}
