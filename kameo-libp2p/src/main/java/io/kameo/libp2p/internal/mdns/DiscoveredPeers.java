package io.kameo.libp2p.internal.mdns;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * INTERNAL API. The peers mDNS announced and whose announcement has not expired, keyed by
 * peer-name, at most {@code capacity} of them: a bounded table that a flood of announcements cannot
 * grow.
 *
 * <p>A peer-name stays bound to the peer id it first announced until its announcement expires or
 * says goodbye (TTL 0): a later announcement of that name for another peer id is refused, so no
 * packet can move a name to a different peer. One peer id may be announced under several names (and
 * one of them may be an impostor's with false addresses); that is harmless, because a dial of an
 * announced address proves the peer's identity in the Noise handshake. TTLs are capped at {@code
 * maxTtl}. Thread-safe (one lock, never held while blocking).
 */
public final class DiscoveredPeers {
  /** What {@link #offer} did with an announcement. */
  public enum Outcome {
    /** A peer-name seen for the first time (or again after it expired): worth a dial. */
    NEW,
    /** A live peer-name announced again for the same peer: its expiry moved on. */
    REFRESHED,
    /** A goodbye (TTL 0): the name is gone. */
    REMOVED,
    /** Refused: this peer's own id, a name bound to another peer, or a full table. */
    REFUSED
  }

  private record Entry(PeerId peer, Instant expires) {}

  private final PeerId self;
  private final int capacity;
  private final Duration maxTtl;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> byName = new HashMap<>();

  /**
   * Creates an empty table.
   *
   * @param self this peer's id, whose announcements (by anyone) are refused
   */
  public DiscoveredPeers(PeerId self, int capacity, Duration maxTtl, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.self = self;
    this.capacity = capacity;
    this.maxTtl = maxTtl;
    this.clock = clock;
  }

  /** Records {@code a} and says what it did; see {@link Outcome}. */
  public Outcome offer(Announcement a) {
    if (a.peer().equals(self)) {
      return Outcome.REFUSED;
    }
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry held = live(a.peerName(), now);
      if (held != null && !held.peer().equals(a.peer())) {
        return Outcome.REFUSED;
      }
      if (a.ttl().isZero()) {
        return byName.remove(a.peerName()) != null ? Outcome.REMOVED : Outcome.REFUSED;
      }
      Duration ttl = a.ttl().compareTo(maxTtl) > 0 ? maxTtl : a.ttl();
      if (held == null) {
        byName.values().removeIf(e -> !e.expires().isAfter(now));
        if (byName.size() >= capacity) {
          return Outcome.REFUSED;
        }
      }
      byName.put(a.peerName(), new Entry(a.peer(), now.plus(ttl)));
      return held == null ? Outcome.NEW : Outcome.REFRESHED;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the peers of the live announcements. */
  public Set<PeerId> peers() {
    Instant now = clock.instant();
    lock.lock();
    try {
      return byName.values().stream()
          .filter(e -> e.expires().isAfter(now))
          .map(Entry::peer)
          .collect(Collectors.toUnmodifiableSet());
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many names the table holds, expired ones not yet dropped included. */
  public int size() {
    lock.lock();
    try {
      return byName.size();
    } finally {
      lock.unlock();
    }
  }

  private Entry live(String name, Instant now) {
    Entry e = byName.get(name);
    return e != null && e.expires().isAfter(now) ? e : null;
  }
}
