package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AskTellTest {

  record Inc(long amount) implements Message<Counter, Long> {}

  record Get() implements Message<Counter, Long> {}

  record Reset() implements Message<Counter, Void> {}

  record Fail(String why) implements Message<Counter, Long> {}

  record Block(CountDownLatch release) implements Message<Counter, Void> {}

  /** A message any actor type accepts at compile time, handled by none of these. */
  record Anything() implements Message<Object, String> {}

  static final class Counter implements Actor<Counter> {
    long count;

    @Handler
    long inc(Inc msg) {
      return count += msg.amount();
    }

    @Handler
    long get(Get msg) {
      return count;
    }

    @Handler
    void reset(Reset msg) {
      count = 0;
    }

    @Handler
    long fail(Fail msg) {
      throw new IllegalStateException(msg.why());
    }

    @Handler
    void block(Block msg) throws InterruptedException {
      msg.release().await();
    }
  }

  static final class Resilient implements Actor<Resilient> {
    long count;

    @Handler
    long inc(Inc2 msg) {
      return count += msg.amount();
    }

    @Handler
    long fail(Fail2 msg) {
      throw new IllegalStateException(msg.why());
    }

    @Override
    public ControlFlow onPanic(ActorRef<Resilient> self, Throwable error) {
      return ControlFlow.CONTINUE;
    }
  }

  record Inc2(long amount) implements Message<Resilient, Long> {}

  @Test
  void a_ref_knows_its_actors_class() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    assertEquals(Counter.class, counter.actorClass());
    counter.kill();
  }

  @Test
  void ask_returns_the_handlers_reply() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    long first = counter.ask(new Inc(2));
    long second = counter.ask(new Inc(3));
    assertEquals(2, first);
    assertEquals(5, second);
  }

  @Test
  void tells_are_handled_in_order_before_a_later_ask() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    for (int i = 0; i < 1000; i++) {
      counter.tell(new Inc(1));
    }
    assertEquals(1000L, counter.ask(new Get()));
  }

  @Test
  void void_handler_replies_null() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    counter.tell(new Inc(5));
    assertNull(counter.ask(new Reset()));
    assertEquals(0L, counter.ask(new Get()));
  }

  @Test
  void ask_async_completes_with_the_reply() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CompletableFuture<Long> reply = counter.askAsync(new Inc(7));
    assertEquals(7L, reply.get(10, TimeUnit.SECONDS));
  }

  @Test
  void handler_exception_on_ask_fails_the_ask_with_its_cause_and_stops_by_default() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    SendException.HandlerFailed failed =
        assertThrows(SendException.HandlerFailed.class, () -> counter.ask(new Fail("boom")));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals("boom", failed.getCause().getMessage());

    ShutdownResult result = counter.waitForShutdown();
    StopReason.Panicked panicked = assertInstanceOf(StopReason.Panicked.class, result.reason());
    assertEquals(PanicSource.HANDLER, panicked.source());
    assertSame(failed.getCause(), panicked.error());
    assertFalse(counter.isAlive());
  }

  @Test
  void on_panic_continue_keeps_the_state() {
    ActorRef<Resilient> actor = Actor.spawn(new Resilient());
    actor.tell(new Inc2(1));
    assertThrows(SendException.HandlerFailed.class, () -> actor.ask(new Fail2("x")));
    actor.tell(new Fail2("tell fails too"));
    assertEquals(3L, actor.ask(new Inc2(2)));
    assertTrue(actor.isAlive());
  }

  @Test
  void reply_timeout_fails_a_slow_ask_without_the_message() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CountDownLatch release = new CountDownLatch(1);
    counter.tell(new Block(release));
    SendException.Timeout timeout =
        assertThrows(
            SendException.Timeout.class,
            () -> counter.request(new Get()).replyTimeout(Duration.ofMillis(50)).send());
    assertFalse(timeout.isMailboxTimeout());
    assertEquals(Duration.ofMillis(50), timeout.timeout());
    release.countDown();
    assertEquals(0L, counter.ask(new Get()));
  }

  @Test
  void async_reply_timeout_fails_the_future() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CountDownLatch release = new CountDownLatch(1);
    counter.tell(new Block(release));
    CompletableFuture<Long> reply =
        counter.request(new Get()).replyTimeout(Duration.ofMillis(20)).sendAsync();
    ExecutionException e = assertThrows(ExecutionException.class, reply::get);
    assertInstanceOf(SendException.Timeout.class, e.getCause());
    release.countDown();
  }

  @Test
  void default_reply_timeout_applies_to_every_ask() {
    ActorRef<Counter> counter =
        Actor.builder(new Counter()).replyTimeout(Duration.ofMillis(20)).spawn();
    CountDownLatch release = new CountDownLatch(1);
    counter.tell(new Block(release));
    assertThrows(SendException.Timeout.class, () -> counter.ask(new Get()));
    release.countDown();
  }

  @Test
  void unhandled_message_type_is_refused_at_once() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> counter.tell(new Anything()));
    assertTrue(e.getMessage().contains(Anything.class.getName()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> counter.ask(new Anything()));
    assertTrue(counter.isAlive());
  }

  @Test
  void asking_itself_from_its_own_thread_fails_instead_of_deadlocking() {
    ActorRef<SelfAsker> actor = Actor.spawn(new SelfAsker());
    SendException.HandlerFailed e =
        assertThrows(SendException.HandlerFailed.class, () -> actor.ask(new AskSelf()));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  record AskSelf() implements Message<SelfAsker, String> {}

  record Echo() implements Message<SelfAsker, String> {}

  static final class SelfAsker implements Actor<SelfAsker> {
    @Handler
    String askSelf(AskSelf msg, Context<SelfAsker, String> ctx) {
      return ctx.self().ask(new Echo());
    }

    @Handler
    String echo(Echo msg) {
      return "echo";
    }
  }

  record Fail2(String why) implements Message<Resilient, Long> {}
}
