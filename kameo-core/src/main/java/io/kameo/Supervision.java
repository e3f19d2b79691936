package io.kameo;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The hand-over between one supervised child and its {@link Supervisor}: the child's runner reports
 * the end of each incarnation here and waits for the supervisor's directive; the supervisor asks a
 * child to end an incarnation (for its siblings) and waits for it here.
 *
 * <p>The hand-over fields are guarded by {@code lock}; the few marked runner-only are touched by
 * the child's runner alone (one runner at a time, each starting after the previous one's end, as
 * the cell's own runner-only fields). Every wait is on {@code changed}, bounded or interruptible,
 * and user code never runs while the lock is held. The lock's release/acquire orders everything the
 * child's runner did before reporting (the old incarnation's {@code onStop} included) before
 * whatever the supervisor does after reading the report, and the directive the supervisor writes
 * before the child's runner reads it.
 */
final class Supervision {
  /** What the supervisor tells a child whose incarnation ended. */
  record Directive(boolean restart, long delayNanos) {
    static final Directive STOP = new Directive(false, 0);
  }

  final Supplier<? extends Actor<?>> factory;
  final RestartPolicy policy;

  /** The supervisor's runtime; told of each ended incarnation and of the final stop. */
  private final ActorCell<?> supervisor;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** The child's runtime; set once, before the child starts. */
  private ActorCell<?> child;

  /**
   * The number of the child's current incarnation (0 for the first), counted up when the child
   * takes a restart directive; a restart request names the incarnation it is meant for.
   */
  private int incarnation;

  /** The number of the last incarnation whose onStart has run (returned or failed), or -1. */
  private int started = -1;

  /** Whether the child's incarnation ended and it waits for a directive. */
  private boolean awaiting;

  /** The directive for the waiting child, or null while the supervisor has not decided. */
  private Directive directive;

  /** Whether the child stopped for good. */
  private boolean stopped;

  /** Whether the supervisor has stopped (or is stopping): every directive from now is STOP. */
  private boolean gone;

  // Runner-only state of the child (its runner reads and writes these; no lock needed).

  /** Whether the incarnation that ended was ended for a sibling's restart. */
  boolean restartRequested;

  /** What the ended incarnation's onStop threw; reported if the child then stops for good. */
  Throwable endedStopFailure;

  /** The ask whose handler failed, answered once the supervisor has decided. */
  private AskEnvelope heldAsk;

  private Throwable heldError;

  Supervision(Supplier<? extends Actor<?>> factory, RestartPolicy policy, ActorCell<?> supervisor) {
    this.factory = factory;
    this.policy = policy;
    this.supervisor = supervisor;
  }

  void attach(ActorCell<?> cell) {
    this.child = cell;
  }

  ActorCell<?> child() {
    return child;
  }

  // ---------------------------------------------------------------------------------------------
  // Called by the child's runner

  /**
   * Reports that the child's incarnation ended with {@code reason} (its {@code onStop} has run) and
   * waits for the supervisor's directive. The supervisor is told by a signal unless it asked for
   * this end itself ({@code requested}) and is waiting for it already. An interrupt (a kill) ends
   * the wait with {@link Directive#STOP}.
   */
  Directive awaitDirective(ActorId id, StopReason reason, boolean requested) {
    lock.lock();
    try {
      awaiting = true;
      directive = gone ? Directive.STOP : null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!requested) {
      supervisor.signalChildReport(id, reason); // dropped if the supervisor stopped: gone is set
    }
    lock.lock();
    try {
      while (directive == null) {
        changed.await();
      }
      if (directive.restart()) {
        incarnation++; // under the lock: a request made from now on names the next incarnation
      }
      return directive;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Directive.STOP;
    } finally {
      awaiting = false;
      directive = null;
      lock.unlock();
    }
  }

  /**
   * Keeps the ask whose handler failed until the supervisor has decided, or answers it now with
   * HandlerFailed if the actor keeps running ({@code continuing}).
   */
  void holdFailedAsk(ActorId id, AskEnvelope ask, Throwable error, boolean continuing) {
    if (continuing) {
      ask.completeExceptionally(new SendException.HandlerFailed(id, error));
    } else {
      heldAsk = ask;
      heldError = error;
    }
  }

  /**
   * Answers the held ask: with {@link SendException.Restarted} if the actor was restarted, else
   * with {@link SendException.HandlerFailed}.
   */
  void failHeldAsk(ActorId id, boolean restarted) {
    AskEnvelope ask = heldAsk;
    if (ask != null) {
      heldAsk = null;
      Throwable error = heldError;
      heldError = null;
      ask.completeExceptionally(
          restarted
              ? new SendException.Restarted(id, error)
              : new SendException.HandlerFailed(id, error));
    }
  }

  /**
   * Waits out a restart's backoff; returns false if the restart is off: the wait was interrupted (a
   * kill came) or the supervisor stopped meanwhile.
   */
  boolean backoff(long delayNanos) {
    if (delayNanos <= 0) {
      return true;
    }
    lock.lock();
    try {
      long left = delayNanos;
      while (left > 0 && !gone) {
        left = changed.awaitNanos(left);
      }
      return !gone;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Marks that an incarnation's onStart has run (returned or failed). */
  void incarnationStarted() {
    lock.lock();
    try {
      started = incarnation;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether a restart request for {@code requested} still concerns this incarnation. */
  boolean isCurrent(int requested) {
    return read(() -> requested == incarnation);
  }

  /** Reports the child's final stop and tells the supervisor, which then releases it. */
  void stoppedForGood(ActorId id, StopReason reason) {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    supervisor.signalChildReport(id, reason);
  }

  // ---------------------------------------------------------------------------------------------
  // Called by the supervisor's thread

  boolean isAwaiting() {
    return read(this::waitsForDirective);
  }

  boolean isStopped() {
    return read(() -> stopped);
  }

  int incarnation() {
    return read(() -> incarnation);
  }

  /** Whether the child waits for a directive not yet given; caller holds the lock. */
  private boolean waitsForDirective() {
    return awaiting && directive == null;
  }

  /** Gives the waiting child its directive. */
  void direct(Directive next) {
    lock.lock();
    try {
      if (waitsForDirective()) {
        directive = next;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the running child to end its incarnation after its current handler (for a sibling's
   * restart), unless it already ended; {@code siblingId} and {@code reason} name the failure.
   */
  void requestEnd(ActorId siblingId, StopReason reason) {
    int current;
    lock.lock();
    try {
      if (awaiting || stopped) {
        return;
      }
      current = incarnation;
    } finally {
      lock.unlock();
    }
    child.signalRestart(siblingId, reason, current);
  }

  /**
   * Waits until the child's incarnation ended or the child stopped, at most {@code nanos}; returns
   * false on timeout.
   */
  boolean awaitEnded(long nanos) throws InterruptedException {
    return awaitUntil(() -> waitsForDirective() || stopped, nanos);
  }

  /**
   * Waits until the onStart of an incarnation after number {@code before} has run (returned or
   * failed) or the child stopped, at most {@code nanos}; returns false on timeout.
   */
  boolean awaitRestarted(int before, long nanos) throws InterruptedException {
    return awaitUntil(() -> started > before || stopped, nanos);
  }

  /** Waits until {@code condition} (evaluated under the lock) holds, at most {@code nanos}. */
  private boolean awaitUntil(BooleanSupplier condition, long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!condition.getAsBoolean()) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns {@code value} read under the lock. */
  private <T> T read(Supplier<T> value) {
    lock.lock();
    try {
      return value.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The supervisor is stopping: a child waiting now, or reporting from now on, gets {@link
   * Directive#STOP}, and a backoff ends early.
   */
  void supervisorGone() {
    lock.lock();
    try {
      gone = true;
      if (waitsForDirective()) {
        directive = Directive.STOP;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
