package io.kameo.spi;

/**
 * INTERNAL API: what a monitoring module (such as {@code kameo-micrometer}) installs with {@link
 * Observers#install} to hear what the runtime does. Applications use that module, not this
 * interface.
 *
 * <p>The runtime asks the observer once per spawned actor for the {@link ActorProbe} that actor
 * reports to, and {@code kameo-remote} calls the remote methods from its I/O paths. Every method
 * may be called from many threads at once and must return quickly without blocking; the runtime
 * does not catch what it throws. The default methods do nothing.
 */
public interface ActorObserver {

  /**
   * An actor of {@code actorClass} was spawned; returns the probe it reports to until it stops
   * (usually one probe per actor class), or null to leave the actor unobserved.
   */
  ActorProbe spawned(Class<?> actorClass);

  /** {@code bytes} bytes of the remote actor protocol were written to a peer. */
  default void remoteBytesSent(int bytes) {}

  /** {@code bytes} bytes of the remote actor protocol were read from a peer. */
  default void remoteBytesReceived(int bytes) {}

  /** A swarm's host established its first connection to a peer. */
  default void peerConnected() {}

  /** The last connection of a swarm's host to a peer closed. */
  default void peerDisconnected() {}
}
