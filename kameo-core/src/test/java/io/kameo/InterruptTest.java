package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One behaviour for every blocking call that is interrupted: it throws SendException.Interrupted,
 * the interrupt flag stays set, and the exception says whether the message may still be handled.
 */
class InterruptTest {

  record Block(CountDownLatch entered, CountDownLatch release) implements Message<Slow, String> {}

  record Work(String name) implements Message<Slow, String> {}

  /** Blocks on a latch when told to; records the work it handled. */
  static final class Slow implements Actor<Slow> {
    final List<String> handled = new CopyOnWriteArrayList<>();

    @Handler
    String block(Block msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
      return "released";
    }

    @Handler
    String work(Work msg) {
      handled.add(msg.name());
      return msg.name();
    }
  }

  /** What a blocking call threw when its thread was interrupted, and the flag after it. */
  record Outcome(Throwable thrown, boolean flagSet) {}

  private static Outcome interruptWhileBlocked(Runnable call) throws Exception {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    call.run();
                    outcome.complete(new Outcome(null, Thread.currentThread().isInterrupted()));
                  } catch (Throwable t) {
                    outcome.complete(new Outcome(t, Thread.currentThread().isInterrupted()));
                  }
                });
    while (caller.getState() != Thread.State.WAITING
        && caller.getState() != Thread.State.TIMED_WAITING
        && !outcome.isDone()) {
      Thread.onSpinWait();
    }
    caller.interrupt();
    return outcome.get(10, TimeUnit.SECONDS);
  }

  @Test
  void an_interrupted_ask_throws_interrupted_keeps_the_flag_and_the_message_may_still_be_handled()
      throws Exception {
    Slow state = new Slow();
    ActorRef<Slow> actor = Actor.spawn(state);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Block(entered, release));
    entered.await();
    Outcome outcome = interruptWhileBlocked(() -> actor.ask(new Work("asked")));
    SendException.Interrupted interrupted =
        assertInstanceOf(SendException.Interrupted.class, outcome.thrown());
    assertTrue(outcome.flagSet(), "the interrupt flag stays set");
    assertTrue(interrupted.isQueued());
    assertTrue(interrupted.message().isEmpty());
    assertEquals(actor.id(), interrupted.actorId());
    release.countDown();
    assertEquals("after", actor.ask(new Work("after")));
    assertEquals(List.of("asked", "after"), state.handled, "the interrupted ask was handled");
  }

  @Test
  void a_send_interrupted_waiting_for_room_hands_the_message_back_and_it_is_never_handled()
      throws Exception {
    Slow state = new Slow();
    ActorRef<Slow> actor = Actor.builder(state).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Block(entered, release));
    entered.await();
    actor.tell(new Work("fills the mailbox"));
    for (boolean ask : new boolean[] {false, true}) {
      Work refused = new Work(ask ? "refused ask" : "refused tell");
      Outcome outcome =
          interruptWhileBlocked(
              () -> {
                if (ask) {
                  actor.ask(refused);
                } else {
                  actor.tell(refused);
                }
              });
      SendException.Interrupted interrupted =
          assertInstanceOf(SendException.Interrupted.class, outcome.thrown());
      assertTrue(outcome.flagSet());
      assertFalse(interrupted.isQueued());
      assertEquals(refused, interrupted.message().orElseThrow());
    }
    release.countDown();
    assertEquals("after", actor.ask(new Work("after")));
    assertEquals(List.of("fills the mailbox", "after"), state.handled);
  }

  @Test
  void an_interrupted_wait_for_shutdown_throws_interrupted_and_keeps_the_flag() throws Exception {
    ActorRef<Slow> actor = Actor.spawn(new Slow());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Block(entered, release));
    entered.await();
    actor.stopGracefully();
    Outcome outcome = interruptWhileBlocked(actor::waitForShutdown);
    assertInstanceOf(SendException.Interrupted.class, outcome.thrown());
    assertTrue(outcome.flagSet());
    release.countDown();
    assertTrue(actor.waitForShutdown().reason().isNormal());
  }
}
