package io.kameo.libp2p;

import java.io.Serial;

/** The {@link Host} was closed before or during the operation. */
public final class HostClosedException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception naming the operation that could not run. */
  public HostClosedException(String message) {
    super(message, null);
  }
}
