package io.kameo.sim;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The simulator's discrete-event loop: a priority queue of actions ordered by simulated time and,
 * at one time, by the order they were scheduled. No threads and no wall clock: {@link #runUntil}
 * runs the due actions one at a time on the caller's thread, so the same schedule gives the same
 * run. Not thread-safe (the simulation has one thread).
 */
final class EventLoop {
  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int byTime = Long.compare(at, o.at);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private long processed;

  /** Returns the simulated time, in nanoseconds since the start. */
  long now() {
    return now;
  }

  /** Returns how many actions have run. */
  long processed() {
    return processed;
  }

  /** Schedules {@code action} to run {@code delayNanos} from now (0: after what is due now). */
  void after(long delayNanos, Runnable action) {
    if (delayNanos < 0) {
      throw new IllegalArgumentException("negative delay: " + delayNanos);
    }
    queue.add(new Event(now + delayNanos, seq++, action));
  }

  /** Runs every action due up to simulated time {@code time}, then sets the clock to it. */
  void runUntil(long time) {
    while (!queue.isEmpty() && queue.peek().at <= time) {
      Event e = queue.poll();
      now = e.at;
      processed++;
      e.action.run();
    }
    now = Math.max(now, time);
  }

  /**
   * Runs actions one at a time while {@code notDone} holds and actions are left; returns whether it
   * stopped because {@code notDone} no longer holds.
   */
  boolean runWhile(BooleanSupplier notDone) {
    while (!queue.isEmpty() && notDone.getAsBoolean()) {
      Event e = queue.poll();
      now = e.at;
      processed++;
      e.action.run();
    }
    return !notDone.getAsBoolean();
  }
}
