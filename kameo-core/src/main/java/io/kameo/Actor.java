package io.kameo;

import org.slf4j.LoggerFactory;

/**
 * An actor: a class holding state that only its own thread touches, with one handler method per
 * message type and optional lifecycle hooks.
 *
 * <p>Handlers are methods annotated with {@code @io.kameo.annotations.Handler}; the {@code
 * kameo-annotations} processor turns them into a handler table at compile time. Each spawned actor
 * runs on its own virtual thread (or, if asked, a platform thread), handles one message at a time,
 * and is reached through its {@link ActorRef}.
 *
 * <pre>{@code
 * record Inc(long amount) implements Message<Counter, Long> {}
 *
 * final class Counter implements Actor<Counter> {
 *   private long count;
 *
 *   @Handler
 *   long inc(Inc msg) {
 *     return count += msg.amount();
 *   }
 * }
 *
 * ActorRef<Counter> counter = Actor.spawn(new Counter());
 * long count = counter.ask(new Inc(2));   // 2
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #onStart} runs first, on the actor's thread; messages the actor sends itself from it are
 * handled before any message from outside. If it throws, the actor stops with {@link
 * StopReason.Panicked} ({@link PanicSource#ON_START}) without handling any message. A handler that
 * throws goes to {@link #onPanic}, which decides whether to keep running. When a {@linkplain
 * ActorRef#link linked} actor dies, {@link #onLinkDied} decides the same. {@link #onStop} runs once
 * on every stop of an actor whose {@code onStart} returned normally, {@link ActorRef#kill} included
 * (so cleanup never meets state that was not set up); then tells still queued go to {@link
 * #onDeadLetter} and asks still queued fail with {@link SendException.ActorStopped}. A graceful
 * stop requested before {@code onStart} ran still runs it first; a kill before it ran skips both
 * hooks.
 *
 * <p>All hooks run on the actor's own thread, never concurrently with a handler or each other, with
 * the SLF4J MDC holding the actor's {@code actor.id} and {@code actor.name} (set again before each
 * handler and hook). Each actor needs its own instance: an instance runs as at most one actor at a
 * time.
 *
 * @param <A> the actor's own class
 */
public interface Actor<A extends Actor<A>> {

  /** Spawns {@code actor} with the default options: a bounded mailbox of 64, a virtual thread. */
  static <A extends Actor<A>> ActorRef<A> spawn(A actor) {
    return new ActorBuilder<>(actor).spawn();
  }

  /** Returns a builder to spawn {@code actor} with other options (mailbox, name, links, thread). */
  static <A extends Actor<A>> ActorBuilder<A> builder(A actor) {
    return new ActorBuilder<>(actor);
  }

  /**
   * Returns the actor's name, used for its thread name and in logs. Defaults to the simple class
   * name.
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "actor" : simple;
  }

  /**
   * Runs on the actor's thread before it handles any message. Messages the actor sends itself from
   * here are handled before messages from outside.
   *
   * @param self this actor's reference
   * @throws Exception to refuse to start; the actor stops, queued asks fail
   */
  default void onStart(ActorRef<A> self) throws Exception {}

  /**
   * Decides what happens after a handler threw. The default stops the actor with {@link
   * StopReason.Panicked} ({@link PanicSource#HANDLER}). Return {@link ControlFlow#CONTINUE} to keep
   * running with the current state.
   *
   * @param self this actor's reference
   * @param error what the handler threw
   * @return whether to keep running
   * @throws Exception to stop with {@link PanicSource#ON_PANIC}
   */
  default ControlFlow onPanic(ActorRef<A> self, Throwable error) throws Exception {
    return ControlFlow.stop(new StopReason.Panicked(PanicSource.HANDLER, error));
  }

  /**
   * Decides what happens when a linked actor stopped. The default keeps running when it stopped
   * normally and stops with {@link StopReason.LinkDied} otherwise.
   *
   * @param self this actor's reference
   * @param id the id of the actor that stopped
   * @param reason why it stopped
   * @return whether to keep running
   * @throws Exception to stop with {@link PanicSource#ON_LINK_DIED}
   */
  default ControlFlow onLinkDied(ActorRef<A> self, ActorId id, StopReason reason) throws Exception {
    return reason.isNormal()
        ? ControlFlow.CONTINUE
        : ControlFlow.stop(new StopReason.LinkDied(id, reason));
  }

  /**
   * Runs once when the actor stops, for whatever reason, {@link ActorRef#kill} included, if its
   * {@link #onStart} returned normally. What it throws is reported in {@link
   * ShutdownResult#onStopFailure()}. Reply senders still unanswered may answer here; after it,
   * their asks fail with {@link SendException.ActorStopped}.
   *
   * @param self this actor's reference; it no longer accepts messages
   * @param reason why the actor stopped
   * @throws Exception reported to {@link ActorRef#waitForShutdown} callers
   */
  default void onStop(ActorRef<A> self, StopReason reason) throws Exception {}

  /**
   * Receives each tell still queued when the actor stopped, after {@link #onStop}. The default logs
   * it at debug level.
   *
   * @param message a message that was never handled
   */
  default void onDeadLetter(Object message) {
    LoggerFactory.getLogger(Actor.class).debug("dead letter: {}", message);
  }
}
