package io.kameo.libp2p;

/**
 * Receives connection events of a {@link Host}. Methods run on a connection's I/O thread: they must
 * return quickly and must not block. A listener that throws is logged and does not stop the host or
 * the other listeners.
 */
public interface ConnectionListener {
  /**
   * The first connection to {@code peer} is established (secured and multiplexed).
   *
   * @param remoteAddress the remote end of the connection, without {@code /p2p}
   */
  default void connected(PeerId peer, Multiaddr remoteAddress) {}

  /**
   * The last connection to {@code peer} closed; {@link #disconnected(PeerId,
   * ConnectionClosedException)} calls it.
   */
  default void disconnected(PeerId peer) {}

  /**
   * The last connection to {@code peer} closed for {@code cause}'s {@linkplain
   * ConnectionClosedException#reason() reason} (for example {@link
   * ConnectionClosedException.Reason#PEER_UNRESPONSIVE} when the failure detector closed it). The
   * host calls this method; by default it calls {@link #disconnected(PeerId)}. Streams the
   * connection's end reset have failed, with {@code cause} as their failure's cause, before this
   * call.
   */
  default void disconnected(PeerId peer, ConnectionClosedException cause) {
    disconnected(peer);
  }
}
