package io.kameo.remote;

/**
 * Receives connection events of a {@link Host}. Methods run on a connection's I/O thread: they must
 * return quickly and must not block.
 */
public interface ConnectionListener {
  /**
   * The first connection to {@code peer} is established (secured and multiplexed).
   *
   * @param remoteAddress the remote end of the connection, without {@code /p2p}
   */
  default void connected(PeerId peer, Multiaddr remoteAddress) {}

  /** The last connection to {@code peer} closed. */
  default void disconnected(PeerId peer) {}
}
