package io.kameo;

import io.kameo.internal.TimerThread;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Fails asynchronous asks whose reply timeout passed, on the process's one timer thread. */
final class ReplyTimer {
  private ReplyTimer() {}

  static void schedule(AskEnvelope envelope, ActorId id, long nanos) {
    ScheduledFuture<?> task =
        TimerThread.SCHEDULER.schedule(
            () ->
                envelope.completeExceptionally(
                    SendException.Timeout.reply(id, Duration.ofNanos(nanos))),
            nanos,
            TimeUnit.NANOSECONDS);
    envelope.whenComplete((reply, error) -> task.cancel(false));
  }
}
