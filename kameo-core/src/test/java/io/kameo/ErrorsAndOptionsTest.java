package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Handler errors: any throwable, where it goes, and what the exception tells. */
class ErrorsAndOptionsTest {

  record Throw(Throwable error) implements Message<Risky, String> {}

  record Count() implements Message<Risky, Integer> {}

  /** Throws whatever it is asked to; counts the messages it handled. */
  static final class Risky implements Actor<Risky> {
    int handled;

    @Handler
    String raise(Throw msg) throws Throwable {
      handled++;
      throw msg.error();
    }

    @Handler
    int count(Count msg) {
      return ++handled;
    }
  }

  @Test
  void a_handler_declared_throws_throwable_compiles_and_its_throwable_is_a_panic() {
    ActorRef<Risky> actor = Actor.spawn(new Risky());
    Throwable custom = new Throwable("neither exception nor error");
    SendException.HandlerFailed failed =
        assertThrows(SendException.HandlerFailed.class, () -> actor.ask(new Throw(custom)));
    assertSame(custom, failed.getCause());
    StopReason.Panicked panicked =
        assertInstanceOf(StopReason.Panicked.class, actor.waitForShutdown().reason());
    assertSame(custom, panicked.error());
  }

  @Test
  void with_ask_exceptions_to_caller_a_failed_ask_goes_back_and_the_actor_keeps_running() {
    ActorRef<Risky> actor = Actor.builder(new Risky()).askExceptionsToCaller().spawn();
    IllegalArgumentException bad = new IllegalArgumentException("bad input");
    SendException.HandlerFailed failed =
        assertThrows(SendException.HandlerFailed.class, () -> actor.ask(new Throw(bad)));
    assertSame(bad, failed.getCause());
    assertTrue(actor.isAlive());
    assertEquals(2, actor.ask(new Count()), "state kept across the failure");
  }

  @Test
  void with_ask_exceptions_to_caller_a_failed_tell_and_an_error_still_panic() {
    ActorRef<Risky> told = Actor.builder(new Risky()).askExceptionsToCaller().spawn();
    told.tell(new Throw(new IllegalStateException("told")));
    assertInstanceOf(StopReason.Panicked.class, told.waitForShutdown().reason());

    ActorRef<Risky> erred = Actor.builder(new Risky()).askExceptionsToCaller().spawn();
    assertThrows(
        SendException.HandlerFailed.class, () -> erred.ask(new Throw(new AssertionError("bug"))));
    assertInstanceOf(StopReason.Panicked.class, erred.waitForShutdown().reason());
  }

  @Test
  void by_default_a_failed_ask_stops_the_actor() {
    ActorRef<Risky> actor = Actor.spawn(new Risky());
    assertThrows(
        SendException.HandlerFailed.class,
        () -> actor.ask(new Throw(new IllegalArgumentException("bad input"))));
    assertInstanceOf(StopReason.Panicked.class, actor.waitForShutdown().reason());
    assertFalse(actor.isAlive());
  }

  record Hold(CountDownLatch entered, CountDownLatch release) implements Message<Holder, Void> {}

  record Noop() implements Message<Holder, Void> {}

  /** Blocks on a latch when told to. */
  static final class Holder implements Actor<Holder> {
    @Handler
    void hold(Hold msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
    }

    @Handler
    void noop(Noop msg) {}
  }

  @Test
  void every_send_exception_names_the_actor() throws Exception {
    ActorRef<Holder> actor = Actor.builder(new Holder()).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Hold(entered, release));
    entered.await();
    actor.tell(new Noop());
    SendException full =
        assertInstanceOf(SendException.MailboxFull.class, actor.tryAsk(new Noop()).exceptionNow());
    SendException timeout =
        assertThrows(
            SendException.Timeout.class, () -> actor.tell(new Noop(), Duration.ofMillis(1)));
    release.countDown();
    actor.stopGracefully();
    actor.waitForShutdown();
    SendException notRunning =
        assertThrows(SendException.ActorNotRunning.class, () -> actor.tell(new Noop()));
    for (SendException e : new SendException[] {full, timeout, notRunning}) {
      assertEquals(actor.id(), e.actorId(), e.toString());
    }
  }
}
