package io.kameo.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * INTERNAL API: the one daemon thread ({@code kameo-timer}) that runs every timed task of the
 * process: reply timeouts and the timers of {@code io.kameo.time}'s system clock. Tasks on it must
 * be quick and never block. A cancelled task is removed from its queue at once, so it keeps nothing
 * reachable.
 */
public final class TimerThread {
  /** The scheduler; made on first use. */
  public static final ScheduledThreadPoolExecutor SCHEDULER = create();

  private TimerThread() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "kameo-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
