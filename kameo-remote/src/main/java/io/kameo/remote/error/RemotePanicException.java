package io.kameo.remote.error;

import java.io.Serial;

/**
 * The error an actor on another node failed with, as that node described it: the text of the remote
 * exception (its class name and message), never the exception itself, so nothing a peer sends names
 * a class to load. It is the {@code error()} of a {@link io.kameo.StopReason.Panicked} that a
 * remote link reports to {@code onLinkDied}.
 */
public final class RemotePanicException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the exception from the remote error's text. */
  public RemotePanicException(String remoteError) {
    super(remoteError, null, false, false);
  }

  /** Returns the remote error's text, such as {@code java.lang.IllegalStateException: boom}. */
  public String remoteError() {
    return getMessage();
  }

  @Override
  public String toString() {
    return "RemotePanicException(" + getMessage() + ")";
  }
}
