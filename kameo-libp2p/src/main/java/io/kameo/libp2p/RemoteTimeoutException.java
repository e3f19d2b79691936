package io.kameo.libp2p;

import java.io.Serial;

/** A blocking remote operation did not complete within its timeout. */
public final class RemoteTimeoutException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception naming the operation and the timeout. */
  public RemoteTimeoutException(String message) {
    super(message, null);
  }
}
