package io.kameo.remote;

import java.io.Serial;

/**
 * The base of the unchecked exceptions a {@link Host} and its {@link Stream}s throw: a closed
 * family, so a caller can switch over every way a remote operation fails.
 */
public abstract sealed class RemoteException extends RuntimeException
    permits ConnectionClosedException,
        DialException,
        HostClosedException,
        NameTakenException,
        ProtocolNotSupportedException,
        RemoteSendException,
        RemoteTimeoutException,
        StreamResetException {
  @Serial private static final long serialVersionUID = 1L;

  RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
