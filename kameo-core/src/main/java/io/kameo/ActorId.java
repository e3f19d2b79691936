package io.kameo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity of an actor: a sequence number unique within this process.
 *
 * <p>Ids are assigned at spawn time and never reused. Remote actors (in {@code kameo-remote}) add
 * the id of the peer they live on.
 */
public final class ActorId implements Comparable<ActorId> {
  private static final AtomicLong NEXT = new AtomicLong();

  private final long sequence;

  private ActorId(long sequence) {
    this.sequence = sequence;
  }

  /** Returns the id with this sequence number, as printed by {@link #toString()}. */
  public static ActorId of(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("actor id sequence must not be negative: " + sequence);
    }
    return new ActorId(sequence);
  }

  static ActorId next() {
    return new ActorId(NEXT.getAndIncrement());
  }

  /** Returns the sequence number of this id. */
  public long sequence() {
    return sequence;
  }

  @Override
  public int compareTo(ActorId other) {
    return Long.compare(sequence, other.sequence);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorId other && other.sequence == sequence;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence);
  }

  @Override
  public String toString() {
    return Long.toString(sequence);
  }
}
