package io.kameo.libp2p;

import java.io.Serial;
import java.util.Objects;

/**
 * A connection to a peer ended, and why: {@link ConnectionListener#disconnected(PeerId,
 * ConnectionClosedException)} receives it, and a {@link StreamResetException} of a stream that the
 * connection's end reset has it as its {@linkplain #getCause() cause}, so a caller can tell a
 * silent peer from one that closed or a host that stopped.
 */
public final class ConnectionClosedException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /** Why a connection ended. */
  public enum Reason {
    /** The peer closed the connection (TCP close or reset, or GoAway). */
    PEER_CLOSED,
    /**
     * The peer sent nothing, not even a heartbeat answer, for longer than {@link
     * HostConfig#acceptableHeartbeatPause()}: it is frozen, overloaded or cut off.
     */
    PEER_UNRESPONSIVE,
    /** The peer broke a protocol (Noise, Yamux) on the connection. */
    PROTOCOL_ERROR,
    /** This host closed the connection: {@link Host#disconnect}, a duplicate, or a limit. */
    LOCAL_CLOSE,
    /** This host was closed ({@link Host#close()}). */
    HOST_CLOSED,
    /**
     * This host stopped after a fatal error on its I/O threads (an {@link Error} such as {@link
     * OutOfMemoryError}, or an I/O thread that died); the cause is the error.
     */
    HOST_FAILED
  }

  private final Reason reason;

  /** Creates an exception with the reason and a message naming the peer. */
  public ConnectionClosedException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Creates an exception with the reason, a message naming the peer and the underlying cause. */
  public ConnectionClosedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns why the connection ended. */
  public Reason reason() {
    return reason;
  }
}
