package io.kameo.time;

import io.kameo.internal.TimerThread;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Real time: {@link System#nanoTime()} and the process's one timer thread. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    // the scheduler removes a cancelled task from its queue at once, so it keeps nothing reachable
    ScheduledFuture<?> future =
        TimerThread.SCHEDULER.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
