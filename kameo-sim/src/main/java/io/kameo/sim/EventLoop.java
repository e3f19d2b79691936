package io.kameo.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The simulator's discrete-event loop: actions ordered by simulated time and, at one time, by the
 * order they were scheduled. No threads and no wall clock: {@link #runUntil} runs the due actions
 * one at a time on the caller's thread, so the same schedule gives the same run. Not thread-safe
 * (the simulation has one thread).
 */
final class EventLoop {
  /*
   * Most events are timeouts of one fixed length (every request schedules one), and an action
   * scheduled later with the same delay is due later: such events need no heap. A delay declared
   * with fixedDelay gets a FIFO lane, already in (time, sequence) order; the next event is the
   * earliest of the heap's head and the lanes' heads. The order is exactly the heap-only order,
   * since (time, sequence) is a total order; a lane costs O(1) per event instead of O(log n) on a
   * heap that would hold every pending timeout.
   */
  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int byTime = Long.compare(at, o.at);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long[] laneDelays = new long[0];
  private ArrayDeque<Event>[] lanes = newLanes(0);
  private long now;
  private long seq;
  private long processed;

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Event>[] newLanes(int n) {
    return (ArrayDeque<Event>[]) new ArrayDeque<?>[n];
  }

  /**
   * Declares {@code delayNanos} a delay many actions are scheduled with (a timeout): they then
   * queue in order of scheduling, which is their order of time. Changes no run order, only its
   * cost.
   */
  void fixedDelay(long delayNanos) {
    for (long d : laneDelays) {
      if (d == delayNanos) {
        return;
      }
    }
    int n = laneDelays.length;
    laneDelays = Arrays.copyOf(laneDelays, n + 1);
    laneDelays[n] = delayNanos;
    lanes = Arrays.copyOf(lanes, n + 1);
    lanes[n] = new ArrayDeque<>();
  }

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
    Event e = new Event(now + delayNanos, seq++, action);
    for (int i = 0; i < laneDelays.length; i++) {
      if (laneDelays[i] == delayNanos) {
        lanes[i].addLast(e);
        return;
      }
    }
    queue.add(e);
  }

  /** Returns the earliest pending event without removing it, or null if none is left. */
  private Event peek() {
    Event first = queue.peek();
    for (ArrayDeque<Event> lane : lanes) {
      Event head = lane.peekFirst();
      if (head != null && (first == null || head.compareTo(first) < 0)) {
        first = head;
      }
    }
    return first;
  }

  /** Removes and runs {@code e}, the event {@link #peek} returned. */
  private void run(Event e) {
    if (queue.peek() == e) {
      queue.poll();
    } else {
      for (ArrayDeque<Event> lane : lanes) {
        if (lane.peekFirst() == e) {
          lane.pollFirst();
          break;
        }
      }
    }
    now = e.at;
    processed++;
    e.action.run();
  }

  /** Runs every action due up to simulated time {@code time}, then sets the clock to it. */
  void runUntil(long time) {
    for (Event e = peek(); e != null && e.at <= time; e = peek()) {
      run(e);
    }
    now = Math.max(now, time);
  }

  /**
   * Runs actions one at a time while {@code notDone} holds and actions are left; returns whether it
   * stopped because {@code notDone} no longer holds.
   */
  boolean runWhile(BooleanSupplier notDone) {
    for (Event e = peek(); e != null && notDone.getAsBoolean(); e = peek()) {
      run(e);
    }
    return !notDone.getAsBoolean();
  }
}
