package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.util.Objects;

/**
 * INTERNAL API. What {@link RoutingTable#add} or {@link RoutingTable#replace} did with a peer.
 *
 * <p>On {@link Status#BUCKET_FULL} the peer was not added and {@link #leastRecentlySeen()} names
 * the bucket's least-recently-seen peer. Classic Kademlia then pings that peer: if it answers, call
 * {@link RoutingTable#add} with it (it becomes the most recently seen, the new peer is dropped); if
 * not, call {@link RoutingTable#replace}{@code (leastRecentlySeen, newPeer)}.
 *
 * @param status the outcome
 * @param leastRecentlySeen the ping candidate when the bucket is full, otherwise null
 */
public record AddResult(Status status, PeerId leastRecentlySeen) {

  /** The outcome of adding a peer. */
  public enum Status {
    /** The peer was new and is now the most recently seen of its bucket. */
    ADDED,
    /** The peer was already in the table and is now the most recently seen of its bucket. */
    UPDATED,
    /** The peer's bucket holds k peers; the peer was not added. */
    BUCKET_FULL,
    /** The peer is the local peer, which the table never holds. */
    SELF
  }

  static final AddResult ADDED = new AddResult(Status.ADDED, null);
  static final AddResult UPDATED = new AddResult(Status.UPDATED, null);
  static final AddResult SELF = new AddResult(Status.SELF, null);

  /**
   * Checks that {@code leastRecentlySeen} is set exactly when the status is {@link
   * Status#BUCKET_FULL}.
   *
   * @throws IllegalArgumentException if it is not
   */
  public AddResult {
    Objects.requireNonNull(status, "status");
    if ((status == Status.BUCKET_FULL) != (leastRecentlySeen != null)) {
      throw new IllegalArgumentException(
          "leastRecentlySeen must be set exactly for BUCKET_FULL: " + status);
    }
  }

  /**
   * Returns whether the peer is in the table now ({@link Status#ADDED} or {@link Status#UPDATED}).
   */
  public boolean inTable() {
    return status == Status.ADDED || status == Status.UPDATED;
  }
}
