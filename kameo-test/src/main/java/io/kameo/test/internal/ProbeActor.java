package io.kameo.test.internal;

import io.kameo.Actor;
import io.kameo.Context;
import io.kameo.spi.HandlerTable;
import io.kameo.spi.HandlerTables;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;

/**
 * INTERNAL API: the actor behind a {@code TestProbe}. It accepts a message of any type and puts it
 * on the probe's queue.
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

  /** Creates the actor; each message it handles goes to {@code received}. */
  public ProbeActor(BlockingQueue<Object> received) {
    this.received = Objects.requireNonNull(received, "received");
  }

  private static final class Table implements HandlerTable<ProbeActor> {
    @Override
    public boolean handles(Class<?> messageType) {
      return true;
    }

    @Override
    public Object handle(ProbeActor actor, Object message, Context<ProbeActor, ?> context)
        throws InterruptedException {
      actor.received.put(message);
      return null;
    }
  }
}
