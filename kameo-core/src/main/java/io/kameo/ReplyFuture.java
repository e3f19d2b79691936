package io.kameo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future an asynchronous ask returns: the caller's own, separate from the envelope the actor
 * answers.
 *
 * <p>Completing, cancelling or obtruding it changes only this future: the actor still handles the
 * message and its reply goes nowhere else. The reply is delivered on a new virtual thread, never on
 * the actor's thread or a timer's, so callbacks attached without an executor ({@code thenApply},
 * {@code whenComplete}, {@code allOf} …) run there or on the thread that attaches them after the
 * reply came: a slow callback cannot stall the actor, and a callback may block, even on another
 * ask. Waiting for the reply with {@code get} or {@code join} on the actor's own thread throws
 * {@link IllegalStateException} at once instead of deadlocking.
 */
final class ReplyFuture<T> extends CompletableFuture<T> {
  /*
   * Why always a new virtual thread: a dependent may be pushed onto this future at any time, by
   * instance methods and by the static combinators (allOf, anyOf) alike, and a dependent pushed
   * before the completion runs on the completing thread. No check on the actor's thread can rule
   * that out, so the completion itself must happen elsewhere. The hand-off happens only for
   * asynchronous asks; a blocking ask waits on the envelope and pays nothing.
   */
  private static final ThreadFactory DELIVERY =
      Thread.ofVirtual().name("kameo-reply-", 0).factory();

  private final ActorCell<?> target;

  ReplyFuture(ActorCell<?> target) {
    this.target = target;
  }

  /** Completes this future with the envelope's outcome, off the completing thread. */
  @SuppressWarnings("unchecked")
  void deliver(Object reply, Throwable error) {
    if (error != null) {
      target.askFailed(error);
    }
    if (isDone()) {
      return; // the caller completed or cancelled it: nobody is waiting for the reply
    }
    DELIVERY
        .newThread(
            () -> {
              if (error != null) {
                super.completeExceptionally(error);
              } else {
                super.complete((T) reply);
              }
            })
        .start();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    checkNotSelfWait();
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    checkNotSelfWait();
    return super.get(timeout, unit);
  }

  @Override
  public T join() {
    checkNotSelfWait();
    return super.join();
  }

  private void checkNotSelfWait() {
    if (!isDone() && target.isRunnerThread()) {
      throw new IllegalStateException(
          "actor "
              + target.id
              + " cannot wait for its own reply (it would deadlock); handle the reply in a callback"
              + " or use tell");
    }
  }
}
