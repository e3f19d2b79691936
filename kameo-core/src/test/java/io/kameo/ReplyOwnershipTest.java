package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Who owns a reply: a delegated ask always completes, and the future of an asynchronous ask is the
 * caller's own.
 */
class ReplyOwnershipTest {
  private static final long WAIT_SECONDS = 10;

  record Keep() implements Message<Keeper, String> {}

  record Answer(String text) implements Message<Keeper, Integer> {}

  record WhoAmI() implements Message<Keeper, Thread> {}

  record Kept() implements Message<Keeper, Integer> {}

  record Hold(CountDownLatch entered, CountDownLatch release) implements Message<Keeper, String> {}

  /** Keeps every delegated reply sender in its state and answers them only when told. */
  static final class Keeper implements Actor<Keeper> {
    final List<ReplySender<String>> kept = new CopyOnWriteArrayList<>();
    final List<Boolean> sent = new CopyOnWriteArrayList<>();
    volatile boolean answerInOnStop;
    volatile Thread holdThread;

    @Handler
    DelegatedReply<String> keep(Keep msg, Context<Keeper, String> ctx) {
      DelegatedReply<String> reply = ctx.delegate();
      reply.sender().ifPresent(kept::add);
      return reply;
    }

    @Handler
    int answer(Answer msg) {
      for (ReplySender<String> sender : kept) {
        sent.add(sender.send(msg.text()));
      }
      return kept.size();
    }

    @Handler
    int kept(Kept msg) {
      return kept.size();
    }

    @Handler
    Thread whoAmI(WhoAmI msg) {
      return Thread.currentThread();
    }

    @Handler
    String hold(Hold msg) throws InterruptedException {
      holdThread = Thread.currentThread();
      msg.entered().countDown();
      msg.release().await();
      return "held";
    }

    @Override
    public void onStop(ActorRef<Keeper> self, StopReason reason) {
      if (answerInOnStop) {
        for (ReplySender<String> sender : kept) {
          sent.add(sender.send("from onStop"));
        }
      }
    }
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void an_ask_whose_kept_reply_sender_never_answers_fails_when_the_actor_stops_gracefully()
      throws Exception {
    ActorRef<Keeper> actor = Actor.spawn(new Keeper());
    CompletableFuture<String> pending = actor.askAsync(new Keep());
    actor.ask(new WhoAmI()); // the Keep was handled: its sender sits in the state
    actor.stopGracefully();
    SendException.ActorStopped stopped =
        assertInstanceOf(SendException.ActorStopped.class, failure(pending));
    assertTrue(stopped.reason().isNormal(), stopped.toString());
    assertEquals(actor.id(), stopped.actorId());
  }

  @Test
  void a_blocking_ask_whose_kept_reply_sender_never_answers_fails_when_the_actor_is_killed()
      throws Exception {
    ActorRef<Keeper> actor = Actor.spawn(new Keeper());
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                outcome.complete(actor.ask(new Keep()));
              } catch (RuntimeException e) {
                outcome.complete(e);
              }
            });
    while (actor.ask(new Kept()) == 0) {
      Thread.onSpinWait(); // until the Keep was handled and its sender kept
    }
    actor.kill();
    SendException.ActorStopped stopped =
        assertInstanceOf(
            SendException.ActorStopped.class, outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(StopReason.KILLED, stopped.reason());
  }

  @Test
  void a_kept_reply_sender_may_still_answer_in_on_stop() throws Exception {
    Keeper state = new Keeper();
    state.answerInOnStop = true;
    ActorRef<Keeper> actor = Actor.spawn(state);
    CompletableFuture<String> pending = actor.askAsync(new Keep());
    actor.ask(new WhoAmI());
    actor.stopGracefully();
    assertEquals("from onStop", pending.get(WAIT_SECONDS, TimeUnit.SECONDS));
    actor.waitForShutdown();
    assertEquals(List.of(true), state.sent);
  }

  @Test
  void completing_the_callers_future_does_not_answer_the_actors_ask() throws Exception {
    Keeper state = new Keeper();
    ActorRef<Keeper> actor = Actor.spawn(state);
    CompletableFuture<String> future = actor.askAsync(new Keep());
    actor.ask(new WhoAmI());
    assertTrue(future.complete("forged by the caller"));
    assertEquals(1, actor.ask(new Answer("real")));
    assertEquals(List.of(true), state.sent, "the actor's reply sender still answers its ask");
    assertEquals("forged by the caller", future.get());
  }

  @Test
  void cancelling_the_callers_future_does_not_touch_the_actor() throws Exception {
    Keeper state = new Keeper();
    ActorRef<Keeper> actor = Actor.spawn(state);
    CompletableFuture<String> future = actor.askAsync(new Keep());
    actor.ask(new WhoAmI());
    assertTrue(future.cancel(true));
    assertEquals(1, actor.ask(new Answer("real")));
    assertEquals(List.of(true), state.sent);
    assertTrue(actor.isAlive());
  }

  @Test
  void callbacks_of_an_async_ask_never_run_on_the_actors_thread() throws Exception {
    Keeper state = new Keeper();
    ActorRef<Keeper> actor = Actor.spawn(state);
    for (int i = 0; i < 50; i++) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> reply = actor.askAsync(new Hold(entered, release));
      entered.await();
      CompletableFuture<Thread> callback = reply.thenApply(r -> Thread.currentThread());
      CompletableFuture<Thread> combined =
          CompletableFuture.allOf(reply).thenApply(v -> Thread.currentThread());
      release.countDown();
      Thread ran = callback.get(WAIT_SECONDS, TimeUnit.SECONDS);
      Thread combinedRan = combined.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotEquals(state.holdThread, ran);
      assertNotEquals(state.holdThread, combinedRan);
    }
  }

  @Test
  void a_blocking_ask_inside_a_callback_of_an_async_ask_gets_its_reply() throws Exception {
    ActorRef<Keeper> actor = Actor.spawn(new Keeper());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> nested =
        actor.askAsync(new Hold(entered, release)).thenApply(r -> actor.ask(new WhoAmI()));
    entered.await();
    release.countDown();
    assertInstanceOf(Thread.class, nested.get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void a_slow_callback_of_an_async_ask_does_not_stall_the_actor() throws Exception {
    ActorRef<Keeper> actor = Actor.spawn(new Keeper());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch callbackEntered = new CountDownLatch(1);
    CountDownLatch callbackRelease = new CountDownLatch(1);
    CompletableFuture<String> slow =
        actor
            .askAsync(new Hold(entered, release))
            .thenApply(
                r -> {
                  callbackEntered.countDown();
                  try {
                    callbackRelease.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return r;
                });
    entered.await();
    release.countDown();
    callbackEntered.await();
    // The callback blocks; the actor must still answer.
    assertInstanceOf(
        Thread.class,
        actor.request(new WhoAmI()).replyTimeout(Duration.ofSeconds(WAIT_SECONDS)).send());
    callbackRelease.countDown();
    assertEquals("held", slow.get(WAIT_SECONDS, TimeUnit.SECONDS));
  }
}
