package io.kameo.test.internal;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.ControlFlow;
import io.kameo.Message;
import io.kameo.spi.HandlerTable;
import io.kameo.spi.HandlerTables;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * INTERNAL API: the actor behind a {@code TestProbe}. It accepts a message of any type, puts it on
 * the probe's queue, and answers an ask with the probe's answer function, if it has one.
 *
 * <p>Its handler table is written here rather than generated: a probe handles every type, which no
 * {@code @Handler} method can declare. The table registers itself before the first probe spawns
 * (the class initializer runs on {@code new ProbeActor}), so the runtime never looks for a
 * generated class.
 *
 * <p>Memory consistency: the actor's thread {@code put}s each message on a {@link BlockingQueue}
 * and the test's thread takes it with {@code poll}; the queue's own guarantee (actions before an
 * insertion happen-before the removal) makes the message, and what its sender did before sending
 * it, visible to the test.
 */
public final class ProbeActor implements Actor<ProbeActor> {
  static {
    HandlerTables.register(ProbeActor.class, new Table());
  }

  private final BlockingQueue<Object> received;

  /** How asks are answered; null answers null. Only the actor's thread touches it. */
  private Function<Object, ?> answer;

  /** Creates the actor; each message it handles goes to {@code received}. */
  public ProbeActor(BlockingQueue<Object> received) {
    this.received = Objects.requireNonNull(received, "received");
  }

  /**
   * Sets how the probe answers the asks queued after this message: with what {@code answer} returns
   * for the message asked. The probe does not record it.
   *
   * @param answer the answer function
   */
  public record AnswerWith(Function<Object, ?> answer) implements Message<ProbeActor, Void> {
    /** Creates the message; the function is required. */
    public AnswerWith {
      Objects.requireNonNull(answer, "answer");
    }
  }

  /**
   * Keeps the probe running when an answer threw: the asker got the exception as {@code
   * SendException.HandlerFailed}, and the probe still records what comes next.
   */
  @Override
  public ControlFlow onPanic(ActorRef<ProbeActor> self, Throwable error) {
    return ControlFlow.CONTINUE;
  }

  private static final class Table implements HandlerTable<ProbeActor> {
    @Override
    public boolean handles(Class<?> messageType) {
      return true;
    }

    @Override
    public Object handle(ProbeActor actor, Object message, Context<ProbeActor, ?> context)
        throws InterruptedException {
      if (message instanceof AnswerWith set) {
        actor.answer = set.answer();
        return null;
      }
      actor.received.put(message);
      return actor.answer != null && context.isAsk() ? actor.answer.apply(message) : null;
    }
  }
}
