package io.kameo.libp2p;

import java.io.Serial;

/**
 * The base of the unchecked exceptions a {@link Host} and its {@link Stream}s throw. This module's
 * subclasses are {@link ConnectionClosedException}, {@link DialException}, {@link
 * HostClosedException}, {@link ProtocolNotSupportedException}, {@link RemoteTimeoutException} and
 * {@link StreamResetException}; a layer on top (such as Kameo's remote actors) adds its own, which
 * is why the family is open rather than sealed.
 */
public abstract class RemoteException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with {@code message} and {@code cause} (may be null). */
  protected RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
