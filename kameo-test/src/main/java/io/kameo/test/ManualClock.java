package io.kameo.test;

import io.kameo.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that moves only when the test tells it to: {@link #advance} runs every task that
 * falls due, in due order, on the calling thread, before it returns. Give it to the code under test
 * through {@link io.kameo.time.Timers#create(Clock)}, and timers fire when the test says, without a
 * sleep.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * ActorRef<Heartbeat> heartbeat = kit.spawn(new Heartbeat(Timers.create(clock), monitor));
 * heartbeat.waitForStartup(); // its onStart started the timer
 * clock.advance(Duration.ofSeconds(1)); // the first beat is in the actor's mailbox now
 * }</pre>
 *
 * <p>Time starts at 0 and never decreases. A task is due at the {@link #nanoTime()} of its {@link
 * #schedule} call plus its delay; it never runs on the thread that scheduled it, so a task due at
 * once waits for the next {@code advance} ({@code advance(Duration.ZERO)} runs it). Tasks due at
 * the same time run in the order they were scheduled. A task cancelled before it started never
 * runs, and the clock lets go of it at once ({@link #scheduledTasks()} no longer counts it).
 *
 * <h2>Concurrency</h2>
 *
 * Every method may be called from any thread, tasks included; calls to {@code advance} run one
 * after another; a null argument throws {@link NullPointerException}. While a task runs, {@code
 * nanoTime()} returns the task's due time. Actions in a thread before it calls {@code schedule}
 * <i>happen-before</i> the task runs (both go through the clock's lock), and the task's actions
 * <i>happen-before</i> {@code advance} returns (it runs them on its own thread).
 */
public final class ManualClock implements Clock {
  /*
   * One lock guards the time and the queue of tasks. advance() takes the earliest due task out
   * under the lock, sets the time to its due time, and runs it with the lock released, so that a
   * task (or another thread) may schedule, cancel and read the time meanwhile. A second lock lets
   * only one advance run at a time; a task calling advance() itself is refused, since it would
   * run later tasks before the one running has finished.
   */
  private final ReentrantLock lock = new ReentrantLock();
  private final ReentrantLock advancing = new ReentrantLock();
  private final TreeSet<Task> tasks = new TreeSet<>();
  private long now;
  private long sequence;

  private ManualClock() {}

  /** Returns a manual clock at time 0 with no tasks. */
  public static ManualClock create() {
    return new ManualClock();
  }

  /** Returns the clock's time in nanoseconds; while a task runs, that task's due time. */
  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Schedules {@code task} to run in the {@link #advance} that reaches {@code delayNanos} from now
   * (the next one if the delay is zero or negative).
   */
  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      long due = delayNanos <= 0 ? now : saturatedAdd(now, delayNanos);
      Task t = new Task(due, sequence++, task);
      tasks.add(t);
      return () -> cancel(t);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves the time forward by {@code duration} and runs, on this thread and before returning, every
   * task due up to the new time in order of due time, including tasks those tasks schedule within
   * it. A task that throws ends the advance with its exception, the time left at that task's due
   * time; the tasks due after it stay scheduled.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if called from a task this clock runs
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    if (advancing.isHeldByCurrentThread()) {
      throw new IllegalStateException("advance called from a task the clock is running");
    }
    long nanos =
        duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
            ? Long.MAX_VALUE
            : duration.toNanos();
    advancing.lock();
    try {
      long target;
      lock.lock();
      try {
        target = saturatedAdd(now, nanos);
      } finally {
        lock.unlock();
      }
      for (Task next = takeDue(target); next != null; next = takeDue(target)) {
        next.task.run();
      }
    } finally {
      advancing.unlock();
    }
  }

  /** Returns how many tasks are scheduled and have neither run nor been cancelled. */
  public int scheduledTasks() {
    lock.lock();
    try {
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ManualClock[now=" + nanoTime() + "ns, " + scheduledTasks() + " scheduled]";
  }

  /**
   * Takes the earliest task due by {@code target} and moves the time to its due time; when none is
   * left, moves the time to {@code target} and returns null.
   */
  private Task takeDue(long target) {
    lock.lock();
    try {
      Task first = tasks.isEmpty() ? null : tasks.first();
      if (first == null || first.due > target) {
        now = target;
        return null;
      }
      tasks.remove(first);
      now = Math.max(now, first.due);
      return first;
    } finally {
      lock.unlock();
    }
  }

  private void cancel(Task t) {
    lock.lock();
    try {
      tasks.remove(t);
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** A scheduled task, ordered by due time and then by when it was scheduled. */
  private record Task(long due, long sequence, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
