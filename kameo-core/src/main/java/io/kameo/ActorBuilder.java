package io.kameo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options for spawning one actor: mailbox, name, default timeouts, links, and the kind of thread.
 * Get one from {@link Actor#builder}; {@link #spawn()} starts the actor.
 *
 * <pre>{@code
 * ActorRef<Worker> worker = Actor.builder(new Worker())
 *     .mailbox(Mailbox.bounded(1_000))
 *     .replyTimeout(Duration.ofSeconds(5))
 *     .linkedTo(supervisor)
 *     .spawn();
 * }</pre>
 *
 * @param <A> the actor's class
 */
public final class ActorBuilder<A extends Actor<A>> {
  private final A actor;
  private Mailbox mailbox = Mailbox.bounded(Mailbox.DEFAULT_CAPACITY);
  private String name;
  private long replyTimeoutNanos = Long.MAX_VALUE;
  private long mailboxTimeoutNanos = Long.MAX_VALUE;
  private boolean platformThread;
  private boolean askExceptionsToCaller;
  private final List<ActorRef<?>> links = new ArrayList<>(0);

  ActorBuilder(A actor) {
    this.actor = Objects.requireNonNull(actor, "actor");
  }

  /** Sets the mailbox; the default is {@code Mailbox.bounded(64)}. */
  public ActorBuilder<A> mailbox(Mailbox mailbox) {
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    return this;
  }

  /** Sets the name used for the thread and in logs; the default is {@link Actor#name()}. */
  public ActorBuilder<A> name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Sets how long {@link ActorRef#ask} waits for a reply by default; forever if not set. */
  public ActorBuilder<A> replyTimeout(Duration timeout) {
    this.replyTimeoutNanos = ActorCell.nanos(timeout, "replyTimeout");
    return this;
  }

  /** Sets how long senders wait for room in a full mailbox by default; forever if not set. */
  public ActorBuilder<A> mailboxTimeout(Duration timeout) {
    this.mailboxTimeoutNanos = ActorCell.nanos(timeout, "mailboxTimeout");
    return this;
  }

  /**
   * Links the new actor to {@code other} as part of spawning it, so no failure can fall between
   * spawn and link (Kameo's {@code spawn_link}): if either side is already gone, the other is told.
   */
  public ActorBuilder<A> linkedTo(ActorRef<?> other) {
    links.add(Objects.requireNonNull(other, "other"));
    return this;
  }

  /**
   * Runs the actor on a dedicated platform thread instead of a virtual thread, for CPU-bound work
   * or code that pins its carrier thread (Kameo's {@code spawn_in_thread}).
   */
  public ActorBuilder<A> platformThread() {
    this.platformThread = true;
    return this;
  }

  /**
   * Sends an exception thrown by the handler of an <em>ask</em> back to the asker only, as {@link
   * SendException.HandlerFailed}, and keeps the actor running with its current state: Kameo's
   * behaviour for a handler that returns an error. Without this option such an exception goes to
   * {@link Actor#onPanic} (which stops the actor by default) after the asker got it. Exceptions
   * from handlers of tells, and {@link Error}s from any handler, still go to {@code onPanic}.
   */
  public ActorBuilder<A> askExceptionsToCaller() {
    this.askExceptionsToCaller = true;
    return this;
  }

  /**
   * Spawns the actor and returns its reference at once; {@link Actor#onStart} runs on the actor's
   * thread. Messages sent before it finishes are queued.
   *
   * @throws IllegalStateException if the actor class has no generated handler table, or this actor
   *     instance is already running as an actor (each actor needs its own instance)
   */
  public ActorRef<A> spawn() {
    return spawn(null);
  }

  /** Spawns the actor as a child of a {@link Supervisor} when {@code supervision} is not null. */
  ActorRef<A> spawn(Supervision supervision) {
    ActorCell<A> cell =
        new ActorCell<>(
            actor,
            name != null ? name : actor.name(),
            mailbox,
            replyTimeoutNanos,
            mailboxTimeoutNanos,
            platformThread,
            askExceptionsToCaller);
    if (supervision != null) {
      cell.supervision = supervision; // published to the runner by its thread's start
      supervision.attach(cell);
    }
    cell.start();
    // Linked in the same call: an actor on either side that is already gone by now is seen as
    // gone by link(), which then signals the other side, so no failure falls between the two.
    for (ActorRef<?> other : links) {
      cell.ref.link(other);
    }
    return cell.ref;
  }
}
