package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * INTERNAL API. One iterative Kademlia lookup as a state machine, without I/O or time: it asks the
 * closest known peers for peers closer to a target, {@code alpha} requests at a time, until the
 * {@code k} closest peers it knows have all answered, nothing is left to ask, or the visitor is
 * satisfied.
 *
 * <p>A driver calls {@link #next()} for the peers to send the request to now, feeds each outcome
 * back with {@link #answered} or {@link #failed} (a timeout is a failure), calls {@link #next()}
 * again, and stops when {@link #finished()}; it may {@link #stop()} the lookup early (the query
 * time is up). The thread driver is {@link KadService}; the simulator in kameo-sim is another. The
 * order of requests depends only on the XOR distances of the peers and on the order of the
 * outcomes, never on hash order, so a deterministic driver gets a deterministic lookup.
 *
 * <p>A lookup that would end without a single answer (every peer it asked failed, e.g. a new node
 * whose one bootstrap peer lost the request) asks the peers that failed once a second time, once
 * each, before it gives up; a lookup that got any answer does not retry.
 *
 * <p>Each peer is given a hop count: 1 for the seeds, and one more than the peer that first named
 * it. Not thread-safe: one driver thread at a time (the thread driver calls it from the lookup's
 * own thread only).
 */
public final class KadLookup {
  /** Where a peer stands in the lookup. */
  private enum State {
    CANDIDATE,
    IN_FLIGHT,
    ANSWERED,
    FAILED
  }

  private static final class Entry {
    final PeerId peer;
    final KadKey key;
    final int hops;
    State state = State.CANDIDATE;
    boolean retried;

    Entry(PeerId peer, KadKey key, int hops) {
      this.peer = peer;
      this.key = key;
      this.hops = hops;
    }
  }

  private final PeerId self;
  private final int k;
  private final int alpha;
  private final Predicate<KadMessage> visitor;
  private final Map<PeerId, Entry> entries = new HashMap<>();
  private final Comparator<Entry> closerFirst;

  /** The peers that failed once, to ask again if no peer answers at all. */
  private final List<Entry> failedOnce = new ArrayList<>();

  /** Every entry that has not failed, closest to the target first (XOR distances are distinct). */
  private final TreeSet<Entry> alive;

  private int inFlight;
  private int requests;
  private int answers;
  private boolean finished;
  private PeerId satisfiedBy;

  /**
   * Creates a lookup of {@code target} starting from {@code seeds} (the routing table's closest);
   * the local peer {@code self} is never asked.
   *
   * @param visitor sees each reply; returning true ends the lookup
   * @throws IllegalArgumentException if {@code k} or {@code alpha} is less than 1
   */
  public KadLookup(
      KadKey target,
      List<PeerId> seeds,
      PeerId self,
      int k,
      int alpha,
      Predicate<KadMessage> visitor) {
    Objects.requireNonNull(target, "target");
    if (k < 1 || alpha < 1) {
      throw new IllegalArgumentException("k and alpha must be at least 1: " + k + ", " + alpha);
    }
    this.self = Objects.requireNonNull(self, "self");
    this.k = k;
    this.alpha = alpha;
    this.visitor = Objects.requireNonNull(visitor, "visitor");
    this.closerFirst = (a, b) -> target.compareDistance(a.key, b.key);
    this.alive = new TreeSet<>(closerFirst);
    for (PeerId p : seeds) {
      learn(p, 1);
    }
  }

  /**
   * Returns the peers to send the request to now (marked in flight): candidates among the {@code k}
   * closest live peers, closest first, as long as fewer than {@code alpha} requests are in flight.
   * Returns an empty list and finishes the lookup when nothing is in flight and no request is due:
   * the {@code k} closest have all answered, or no one is left to ask (if no one answered at all,
   * the peers that failed once are asked again first, closest first).
   */
  public List<PeerId> next() {
    if (finished) {
      return List.of();
    }
    List<PeerId> out = new ArrayList<>();
    int seen = 0;
    for (Entry e : alive) {
      if (seen++ == k || inFlight >= alpha) {
        break;
      }
      if (e.state == State.CANDIDATE) {
        e.state = State.IN_FLIGHT;
        inFlight++;
        requests++;
        out.add(e.peer);
      }
    }
    if (inFlight == 0 && answers == 0 && !failedOnce.isEmpty()) {
      failedOnce.sort(closerFirst);
      while (!failedOnce.isEmpty() && inFlight < alpha) {
        Entry e = failedOnce.remove(0);
        e.retried = true;
        e.state = State.IN_FLIGHT;
        alive.add(e);
        inFlight++;
        requests++;
        out.add(e.peer);
      }
    }
    if (inFlight == 0) {
      finished = true;
    }
    return out;
  }

  /**
   * Feeds {@code peer}'s reply: the peers it names become candidates and the visitor sees it.
   * Ignored unless a request to {@code peer} is in flight and the lookup is running.
   */
  public void answered(PeerId peer, KadMessage reply) {
    Entry e = inFlight(peer);
    if (e == null) {
      return;
    }
    e.state = State.ANSWERED;
    answers++;
    for (KadPeer closer : reply.closerPeers()) {
      learn(closer.id(), e.hops + 1);
    }
    if (visitor.test(reply)) {
      satisfiedBy = peer;
      finished = true;
    }
  }

  /**
   * Feeds {@code peer}'s failure (an error or a timeout): it leaves the lookup. Ignored unless a
   * request to {@code peer} is in flight and the lookup is running.
   */
  public void failed(PeerId peer) {
    Entry e = inFlight(peer);
    if (e != null) {
      e.state = State.FAILED;
      alive.remove(e);
      if (!e.retried) {
        failedOnce.add(e);
      }
    }
  }

  /** Ends the lookup now (the query time is up); outcomes fed after this are ignored. */
  public void stop() {
    finished = true;
  }

  /** Returns whether the lookup has ended; {@link #next()} then returns nothing. */
  public boolean finished() {
    return finished;
  }

  /** Returns the peers that answered, closest to the target first, at most {@code k}. */
  public List<PeerId> result() {
    List<PeerId> out = new ArrayList<>();
    for (Entry e : alive) {
      if (out.size() == k) {
        break;
      }
      if (e.state == State.ANSWERED) {
        out.add(e.peer);
      }
    }
    return out;
  }

  /** Returns how many requests the lookup has sent. */
  public int requests() {
    return requests;
  }

  /** Returns the peer whose reply satisfied the visitor, or null if none did. */
  public PeerId satisfiedBy() {
    return satisfiedBy;
  }

  /**
   * Returns {@code peer}'s hop count: 1 for a seed, one more than the peer that first named it.
   *
   * @throws IllegalArgumentException if the lookup never heard of {@code peer}
   */
  public int hops(PeerId peer) {
    Entry e = entries.get(peer);
    if (e == null) {
      throw new IllegalArgumentException("not part of this lookup: " + peer);
    }
    return e.hops;
  }

  private Entry inFlight(PeerId peer) {
    Entry e = entries.get(peer);
    if (e == null || e.state != State.IN_FLIGHT) {
      return null;
    }
    inFlight--;
    return finished ? null : e;
  }

  private void learn(PeerId peer, int hops) {
    if (!peer.equals(self) && !entries.containsKey(peer)) {
      Entry e = new Entry(peer, KadKey.of(peer), hops);
      entries.put(peer, e);
      alive.add(e);
    }
  }
}
