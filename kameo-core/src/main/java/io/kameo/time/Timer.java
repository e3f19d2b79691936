package io.kameo.time;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.internal.ActorInternals;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message told to an actor later, once or periodically: the handle that {@link Timers} returns.
 * The timer ends when it is {@linkplain #cancel() cancelled}, when its one tick is in the mailbox,
 * or when its actor stops for good; then it keeps no reference to the actor or the message.
 *
 * <p>Thread-safe. Memory consistency effects: actions in a thread before it starts a timer
 * happen-before each tick is told.
 */
public final class Timer {
  /*
   * One lock guards the state: the delivery (target and message; null once ended), the clock task
   * pending, and the next due time. The clock is never called with the lock held (a manual clock
   * may run its tasks under a lock of its own, and a cancel from another thread would then
   * deadlock against it): fire() takes the next due time under the lock, schedules outside it,
   * and re-checks under the lock whether the timer ended meanwhile (then it cancels the task it
   * just made). Ticks are told under the lock with tryTell, which never blocks, so a tick is never
   * told after cancel() returned. The one exception: a one-shot tick that found the mailbox full
   * is told by a virtual thread of its own (`waiter`) with a blocking tell, outside the lock;
   * cancel() interrupts it, and it ends the timer only if the timer is still its own (the same
   * delivery), so it cannot end a timer that cancel() already ended.
   *
   * The actor's runtime holds the stop hook (and so this timer) only while the timer runs: cancel()
   * and the last tick of a one-shot remove it. A timer that ends when its actor stops is dropped
   * with the actor's hooks.
   */
  private static final Logger LOG = LoggerFactory.getLogger(Timer.class);

  enum Kind {
    ONCE,
    FIXED_RATE,
    FIXED_DELAY
  }

  private final Clock clock;
  private final Kind kind;
  private final long periodNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Runnable tick = this::fire;
  private final Runnable stopHook = this::cancel; // the actor's stop cancels the timer
  private final AtomicLong skipped = new AtomicLong();

  /** The actor and message; null once the timer ended. Guarded by the lock. */
  private Delivery<?> delivery;

  /** The clock task that runs the next tick; null once ended. Guarded by the lock. */
  private Clock.Cancellable pending;

  /**
   * The thread telling a one-shot tick that found the mailbox full, if any. Guarded by the lock.
   */
  private Thread waiter;

  /** When the next tick is due, in the clock's nanoseconds. Guarded by the lock. */
  private long due;

  private <A extends Actor<A>> Timer(
      Clock clock, Kind kind, long periodNanos, ActorRef<A> target, Message<? super A, ?> message) {
    this.clock = clock;
    this.kind = kind;
    this.periodNanos = periodNanos;
    this.delivery = new Delivery<>(target, message);
  }

  /** Starts a timer: checks the target, hooks its stop, schedules the first tick. */
  static <A extends Actor<A>> Timer start(
      Clock clock,
      Kind kind,
      long delayNanos,
      long periodNanos,
      ActorRef<A> target,
      Message<? super A, ?> message) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    ActorInternals.checkHandled(target, message);
    Timer timer = new Timer(clock, kind, periodNanos, target, message);
    if (!ActorInternals.addStopHook(target, timer.stopHook)) {
      throw new SendException.ActorNotRunning(target.id(), message);
    }
    long now = clock.nanoTime();
    timer.lock.lock();
    try {
      timer.due = now + delayNanos;
    } finally {
      timer.lock.unlock();
    }
    timer.schedule(delayNanos);
    return timer;
  }

  /**
   * Cancels the timer: no tick is told after this returns, and the timer lets go of its actor and
   * message. Ticks already in the actor's mailbox stay there. A one-shot tick that found the
   * mailbox full and waits for room (see {@link Timers}) is withdrawn, unless the mailbox takes it
   * at that very moment. Does nothing if the timer has ended.
   */
  public void cancel() {
    Clock.Cancellable task;
    Delivery<?> ended;
    Thread waiting;
    lock.lock();
    try {
      ended = delivery;
      task = pending;
      waiting = waiter;
      delivery = null;
      pending = null;
      waiter = null;
    } finally {
      lock.unlock();
    }
    if (ended != null) {
      ActorInternals.removeStopHook(ended.target, stopHook);
    }
    if (task != null) {
      task.cancel();
    }
    if (waiting != null) {
      waiting.interrupt();
    }
  }

  /** Returns whether the timer still runs: not cancelled, not done, and its actor not stopped. */
  public boolean isActive() {
    lock.lock();
    try {
      return delivery != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many ticks were not told because the actor's bounded mailbox was full when they
   * fell due (a one-shot tick counts if it still found no room within the actor's mailbox timeout).
   */
  public long skippedTicks() {
    return skipped.get();
  }

  private void schedule(long delayNanos) {
    Clock.Cancellable task = clock.schedule(tick, delayNanos);
    boolean ended;
    lock.lock();
    try {
      ended = delivery == null;
      if (!ended) {
        pending = task;
      }
    } finally {
      lock.unlock();
    }
    if (ended) {
      task.cancel();
    }
  }

  private void fire() {
    long now = clock.nanoTime(); // outside the lock, as every call to the clock
    Delivery<?> d;
    boolean told;
    long nextDelay = 0;
    Thread waiting = null;
    lock.lock();
    try {
      d = delivery;
      if (d == null || waiter != null) {
        return;
      }
      try {
        told = d.tryTell();
      } catch (SendException.ActorNotRunning e) {
        endLocked(); // the actor is stopping: its stop hook will find the timer ended
        return;
      }
      if (kind == Kind.ONCE) {
        if (told) {
          endLocked();
        } else {
          // the timer stays active, and cancel() can interrupt the wait, until the tick is in
          waiting = Thread.ofVirtual().name("kameo-timer-tell").unstarted(this::tellWaiting);
          waiter = waiting;
        }
      } else {
        if (!told) {
          skipped.incrementAndGet();
          LOG.debug("timer tick for actor {} skipped: its mailbox is full", d.target.id());
        }
        due = kind == Kind.FIXED_RATE ? due + periodNanos : now + periodNanos;
        nextDelay = due - now;
      }
    } finally {
      lock.unlock();
    }
    if (kind != Kind.ONCE) {
      schedule(nextDelay);
    } else if (waiting != null) {
      waiting.start();
    } else {
      ActorInternals.removeStopHook(d.target, stopHook);
    }
  }

  /** Tells a one-shot tick that found the mailbox full, waiting for room as {@code tell} does. */
  private void tellWaiting() {
    Delivery<?> d;
    lock.lock();
    try {
      d = delivery;
    } finally {
      lock.unlock();
    }
    if (d == null) {
      return; // cancelled before this thread ran
    }
    boolean mine;
    try {
      d.tell();
    } catch (SendException.Interrupted e) {
      // cancelled while it waited
    } catch (SendException e) {
      skipped.incrementAndGet();
      LOG.debug("timer tick for actor {} not delivered", d.target.id(), e);
    } finally {
      lock.lock();
      try {
        mine = delivery == d;
        if (mine) {
          endLocked();
        }
      } finally {
        lock.unlock();
      }
    }
    if (mine) {
      ActorInternals.removeStopHook(d.target, stopHook);
    }
  }

  /** Ends the timer from a tick; the clock task is the one running, nothing to cancel. */
  private void endLocked() {
    delivery = null;
    pending = null;
    waiter = null;
  }

  @Override
  public String toString() {
    return "Timer[" + kind + (isActive() ? ", active]" : ", ended]");
  }

  /** The actor and message of a timer, typed together. */
  private record Delivery<A extends Actor<A>>(ActorRef<A> target, Message<? super A, ?> message) {
    boolean tryTell() {
      return target.tryTell(message);
    }

    void tell() {
      target.tell(message);
    }
  }
}
