package io.kameo.libp2p.internal.yamux;

import java.io.Serial;
import java.util.Objects;

/**
 * INTERNAL API. Why a stream operation failed or a stream ended abnormally: the exception with
 * which write futures fail and which {@link StreamHandler#onReset} receives.
 */
public final class YamuxStreamException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The closed set of reasons. */
  public enum Reason {
    /** The remote reset the stream (RST), or refused to open it. */
    RESET_BY_REMOTE,
    /** This side reset the stream with {@link YamuxStream#reset()}. */
    RESET_LOCALLY,
    /** The write side was closed ({@link YamuxStream#closeWrite()}) before this write. */
    WRITE_CLOSED,
    /** The write was refused because the stream's write buffer was already full. */
    WRITE_BUFFER_FULL,
    /** The session ended: GoAway with an error code, a protocol error, or the connection closed. */
    SESSION_CLOSED
  }

  private final Reason reason;

  /** Creates an exception with a reason and a message that names the stream. */
  public YamuxStreamException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Creates an exception with a reason, a message that names the stream, and a cause. */
  public YamuxStreamException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns why the operation failed. */
  public Reason reason() {
    return reason;
  }
}
