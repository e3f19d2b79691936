package io.kameo;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Fails asynchronous asks whose reply timeout passed; one daemon thread for the process. */
final class ReplyTimer {
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private ReplyTimer() {}

  static void schedule(AskEnvelope envelope, ActorId id, long nanos) {
    ScheduledFuture<?> task =
        TIMER.schedule(
            () ->
                envelope.completeExceptionally(
                    SendException.Timeout.reply(id, Duration.ofNanos(nanos))),
            nanos,
            TimeUnit.NANOSECONDS);
    envelope.whenComplete((reply, error) -> task.cancel(false));
  }

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "kameo-reply-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
