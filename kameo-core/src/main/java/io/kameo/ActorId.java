package io.kameo;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity of an actor: a sequence number, and for an actor on another node the id of that
 * node.
 *
 * <p>Ids of local actors are assigned at spawn time and never reused within this process. A remote
 * actor's id ({@code kameo-remote}) adds the node it lives on ({@link #node()}, the text of its
 * peer id), so it never equals the id of a local actor with the same sequence number: two ids are
 * equal when their sequence numbers and nodes are.
 */
public final class ActorId implements Comparable<ActorId> {
  private static final AtomicLong NEXT = new AtomicLong();

  private final long sequence;
  private final String node; // null for an actor of this process

  private ActorId(long sequence, String node) {
    this.sequence = sequence;
    this.node = node;
  }

  /** Returns the id of a local actor with this sequence number, as printed by {@link #toString}. */
  public static ActorId of(long sequence) {
    return new ActorId(checkSequence(sequence), null);
  }

  /**
   * Returns the id of actor {@code sequence} on another node, named by {@code node} (for {@code
   * kameo-remote}, the peer id's text).
   *
   * @throws IllegalArgumentException if {@code sequence} is negative or {@code node} is blank
   */
  public static ActorId of(long sequence, String node) {
    Objects.requireNonNull(node, "node");
    if (node.isBlank()) {
      throw new IllegalArgumentException("node of actor id " + sequence + " must not be blank");
    }
    return new ActorId(checkSequence(sequence), node);
  }

  private static long checkSequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("actor id sequence must not be negative: " + sequence);
    }
    return sequence;
  }

  static ActorId next() {
    return new ActorId(NEXT.getAndIncrement(), null);
  }

  /** Returns the sequence number of this id, unique on its node. */
  public long sequence() {
    return sequence;
  }

  /** Returns the node a remote actor lives on, or empty for an actor of this process. */
  public Optional<String> node() {
    return Optional.ofNullable(node);
  }

  /** Returns whether this is the id of an actor of this process. */
  public boolean isLocal() {
    return node == null;
  }

  /** Orders local ids before remote ones, then by node, then by sequence number. */
  @Override
  public int compareTo(ActorId other) {
    if (!Objects.equals(node, other.node)) {
      if (node == null || other.node == null) {
        return node == null ? -1 : 1;
      }
      return node.compareTo(other.node);
    }
    return Long.compare(sequence, other.sequence);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorId other
        && other.sequence == sequence
        && Objects.equals(other.node, node);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + Objects.hashCode(node);
  }

  /** Returns the sequence number, followed by {@code @node} for a remote actor. */
  @Override
  public String toString() {
    return node == null ? Long.toString(sequence) : sequence + "@" + node;
  }
}
