package io.kameo.time;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/** A clock whose time moves only in {@link #advance}, running due tasks on the caller's thread. */
final class ManualClock implements Clock {
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now = 1_000_000_000L; // anywhere: only differences mean anything
  private long scheduled;

  private record Task(long due, long order, Runnable run) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int byDue = Long.compare(due, o.due);
      return byDue != 0 ? byDue : Long.compare(order, o.order);
    }
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    lock.lock();
    try {
      Task t = new Task(now + Math.max(0, delayNanos), scheduled++, task);
      tasks.add(t);
      return () -> {
        lock.lock();
        try {
          tasks.remove(t);
        } finally {
          lock.unlock();
        }
      };
    } finally {
      lock.unlock();
    }
  }

  /** Moves time forward by {@code by}, running every task due up to the new time, in order. */
  void advance(Duration by) {
    long target;
    lock.lock();
    try {
      target = now + by.toNanos();
    } finally {
      lock.unlock();
    }
    for (; ; ) {
      Task next;
      lock.lock();
      try {
        next = tasks.peek();
        if (next == null || next.due() > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due();
      } finally {
        lock.unlock();
      }
      next.run().run();
    }
  }

  /** Returns how many tasks are scheduled and not yet run or cancelled. */
  int pending() {
    lock.lock();
    try {
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }
}
