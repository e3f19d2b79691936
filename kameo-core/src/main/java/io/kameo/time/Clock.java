package io.kameo.time;

/**
 * The source of time for {@link Timers}: reads a monotonic "now" and runs a task once after a
 * delay. {@link #system()} is real time; a test passes in a manual clock instead, so that it moves
 * time itself and never sleeps. Implement this interface for such a clock.
 *
 * <h2>Contract for implementations</h2>
 *
 * <ul>
 *   <li>{@link #nanoTime()} never decreases. Only differences between its values mean anything.
 *   <li>{@link #schedule} returns at once and never runs the task on the calling thread. The task
 *       runs once, when {@code nanoTime()} has reached at least the schedule call's {@code
 *       nanoTime()} plus {@code delayNanos}, on a thread of the clock's choice. Tasks due at the
 *       same time run in the order they were scheduled; a task may schedule further tasks.
 *   <li>{@link Cancellable#cancel()} makes sure the task does not start if it has not; a task
 *       already running finishes. After cancelling, the clock keeps no reference to the task.
 *   <li>Every method may be called from any thread at any time, tasks included.
 * </ul>
 *
 * <p>A <em>manual clock</em> keeps its own time, starting anywhere, and moves it only when told to,
 * in an {@code advance(Duration)} method: that method moves the time forward and, before it returns
 * and on its own thread, runs every task that falls due up to the new time, in order of due time,
 * including the ones those tasks schedule within the window; while a task runs, {@code nanoTime()}
 * returns that task's due time. After {@code advance} returns, every tick that fell due is in its
 * actor's mailbox or was skipped for a full one (the timers deliver with {@code tryTell}, see
 * {@link Timers}); only a one-shot tick that found its mailbox full still waits on a thread of its
 * own.
 *
 * <p>Tasks the timers give a clock are quick and never block: a clock may run them on one shared
 * thread. The timers never call a clock while they hold a lock of their own, so a clock may hold
 * its own lock while it runs a task.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@code schedule} happen-before
 * the task runs.
 */
public interface Clock {

  /** Returns the real-time clock: {@link System#nanoTime()} and one daemon timer thread. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /**
   * Returns the current time in nanoseconds, for differences only (like {@link System#nanoTime}).
   */
  long nanoTime();

  /**
   * Runs {@code task} once, {@code delayNanos} from now (at once if zero or negative).
   *
   * @return a handle that cancels the task
   */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Makes sure the task does not start if it has not yet; does nothing if it has. */
    void cancel();
  }
}
