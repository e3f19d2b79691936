package io.kameo;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * What a handler can do besides returning its reply: reach its own reference, stop after this
 * message, reply later, forward, spawn linked children, and pipe results back to itself.
 *
 * <p>A handler receives it as an optional second parameter:
 *
 * <pre>{@code
 * @Handler
 * String greet(Greet msg, Context<Greeter, String> ctx) {
 *   if (msg.last()) {
 *     ctx.stop();
 *   }
 *   return "hello " + msg.name();
 * }
 * }</pre>
 *
 * <p>A context is valid only on the actor's thread while a handler runs: used from another thread,
 * or after the handler returned (from a callback, a hook, a stored field), every method but {@link
 * #self()} throws {@link IllegalStateException}. {@link ReplySender}s taken from it may be used
 * from anywhere.
 *
 * @param <A> the actor's class
 * @param <R> the reply type of the message being handled
 */
public final class Context<A extends Actor<A>, R> {
  private final ActorCell<A> cell;
  AskEnvelope envelope;
  boolean delegated;
  boolean stopRequested;

  /**
   * The actor's thread while a handler runs, else null; written by that thread only. Another thread
   * reads either null or a thread that is not itself, so the check needs no fence.
   */
  Thread handling;

  Context(ActorCell<A> cell) {
    this.cell = cell;
  }

  /** Returns this actor's own reference. */
  public ActorRef<A> self() {
    return cell.ref;
  }

  /** Returns whether the message being handled was sent with an ask (someone waits for a reply). */
  public boolean isAsk() {
    checkHandling();
    return envelope != null;
  }

  /**
   * Stops the actor after this handler returns: the reply (if any) is sent, {@link Actor#onStop}
   * runs, queued tells go to {@link Actor#onDeadLetter} and queued asks fail.
   */
  public void stop() {
    checkHandling();
    stopRequested = true;
  }

  /**
   * Takes over the reply: the handler returns the {@link DelegatedReply} and answers later through
   * its {@link ReplySender}, from any thread.
   *
   * @throws IllegalStateException if the reply was already delegated or forwarded
   */
  @SuppressWarnings("unchecked")
  public DelegatedReply<R> delegate() {
    takeReply();
    if (envelope == null) {
      return new DelegatedReply<>(null);
    }
    cell.track(envelope);
    return new DelegatedReply<>((ReplySender<R>) DelegatedSender.of(cell.id, envelope));
  }

  /**
   * Forwards {@code message} to {@code target}, which answers the original asker directly. If the
   * message being handled was a tell, the forwarded message is a tell too. If {@code target} does
   * not accept it, the asker gets the {@link SendException}.
   *
   * @throws IllegalStateException if the reply was already delegated or forwarded
   */
  public <B extends Actor<B>> DelegatedReply<R> forward(
      ActorRef<B> target, Message<? super B, R> message) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    takeReply();
    ActorCell<B> to = target.cell();
    if (to != null) {
      to.forward(message, envelope);
    } else if (envelope != null) {
      envelope.completeExceptionally(new SendException.ActorNotRunning(target.id(), message));
    } else {
      throw new SendException.ActorNotRunning(target.id(), message);
    }
    return new DelegatedReply<>(null);
  }

  /** Spawns {@code child} linked to this actor, with default options. */
  public <B extends Actor<B>> ActorRef<B> spawnChild(B child) {
    checkHandling();
    return Actor.builder(child).linkedTo(cell.ref).spawn();
  }

  /**
   * When {@code stage} completes, tells this actor the message {@code mapper} makes of its result
   * or failure (one of the two arguments is null). A mapper that returns null sends nothing.
   */
  public <T> void pipeToSelf(
      CompletionStage<T> stage,
      BiFunction<? super T, ? super Throwable, ? extends Message<? super A, ?>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    checkHandling();
    ActorRef<A> self = cell.ref;
    stage.whenComplete(
        (value, error) -> {
          Message<? super A, ?> message = mapper.apply(value, error);
          if (message != null) {
            try {
              self.tell(message);
            } catch (SendException e) {
              ActorCell.LOG.debug("piped message for actor {} not delivered", self.id(), e);
            }
          }
        });
  }

  private void takeReply() {
    checkHandling();
    if (delegated) {
      throw new IllegalStateException("the reply was already delegated or forwarded");
    }
    delegated = true;
  }

  private void checkHandling() {
    if (handling != Thread.currentThread()) {
      throw new IllegalStateException(
          "the context of actor "
              + cell.id
              + " is valid only on the actor's thread while its handler runs");
    }
  }
}
