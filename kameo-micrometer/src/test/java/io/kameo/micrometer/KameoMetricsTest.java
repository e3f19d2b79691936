package io.kameo.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.annotations.Handler;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real actors report to a SimpleMeterRegistry; every count is asserted exactly. */
class KameoMetricsTest {
  record Inc() implements Message<Counter, Long> {}

  record Fail() implements Message<Counter, Long> {}

  /** Blocks the handler until {@code release} opens, after opening {@code entered}. */
  record Block(CountDownLatch entered, CountDownLatch release) implements Message<Counter, Void> {}

  static final class Counter implements Actor<Counter> {
    long count;

    @Handler
    long inc(Inc msg) {
      return ++count;
    }

    @Handler
    long fail(Fail msg) {
      throw new IllegalStateException("failed on purpose");
    }

    @Handler
    void block(Block msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await(10, TimeUnit.SECONDS);
    }
  }

  static final String COUNTER = Counter.class.getName();

  SimpleMeterRegistry registry;
  KameoMetrics metrics;

  @BeforeEach
  void bind() {
    registry = new SimpleMeterRegistry();
    metrics = KameoMetrics.create();
    metrics.bindTo(registry);
  }

  @AfterEach
  void unbind() {
    metrics.close();
  }

  /**
   * Waits until {@code count} reads {@code expected}: the actor records a message after its handler
   * returned, so an asker can see the reply a moment before the message is counted.
   */
  static void awaitCount(double expected, DoubleSupplier count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> count.getAsDouble() >= expected);
    assertEquals(expected, count.getAsDouble());
  }

  double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  double alive() {
    return registry.get("kameo.actors.alive").tag("actor", COUNTER).gauge().value();
  }

  double askFailures(String reason) {
    return counter("kameo.asks.failed", "actor", COUNTER, "reason", reason);
  }

  /** Spawns a counter and blocks it in a handler; returns the latch that releases it. */
  static CountDownLatch blocked(ActorRef<Counter> counter) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    counter.tell(new Block(entered, release));
    entered.await(10, TimeUnit.SECONDS);
    return release;
  }

  @Test
  void every_handled_message_is_counted_and_timed() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    for (int i = 0; i < 10; i++) {
      counter.tell(new Inc());
    }
    assertEquals(11L, counter.ask(new Inc()));

    awaitCount(11, () -> counter("kameo.messages.handled", "actor", COUNTER));
    awaitCount(
        11, () -> registry.get("kameo.handler.duration").tag("actor", COUNTER).timer().count());
    counter.kill();
  }

  @Test
  void the_mailbox_depth_is_what_waited_behind_each_message() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CountDownLatch release = blocked(counter); // handled with nothing behind it: depth 0
    for (int i = 0; i < 5; i++) {
      counter.tell(new Inc()); // queued behind the blocked handler
    }
    CompletableFuture<Long> last = counter.askAsync(new Inc()); // the sixth behind it
    release.countDown();
    assertEquals(6L, last.get(10, TimeUnit.SECONDS)); // depths 5, 4, 3, 2, 1, then 0

    DistributionSummary depth = registry.get("kameo.mailbox.depth").tag("actor", COUNTER).summary();
    awaitCount(7, depth::count);
    assertEquals(5 + 4 + 3 + 2 + 1, depth.totalAmount());
    assertEquals(5, depth.max());
    counter.kill();
  }

  @Test
  void actors_alive_goes_up_with_spawns_and_down_with_stops() {
    ActorRef<Counter> a = Actor.spawn(new Counter());
    ActorRef<Counter> b = Actor.spawn(new Counter());
    ActorRef<Counter> c = Actor.spawn(new Counter());
    assertEquals(3, alive());

    a.stopGracefully();
    a.waitForShutdown();
    assertEquals(2, alive());

    b.kill();
    b.waitForShutdown();
    c.ask(new Inc());
    c.tell(new Fail()); // the panic stops it
    c.waitForShutdown();
    assertEquals(0, alive());
    assertEquals(1, counter("kameo.actors.stopped", "actor", COUNTER, "reason", "normal"));
    assertEquals(1, counter("kameo.actors.stopped", "actor", COUNTER, "reason", "killed"));
    assertEquals(1, counter("kameo.actors.stopped", "actor", COUNTER, "reason", "panicked"));
  }

  @Test
  void a_reply_timeout_counts_as_timeout() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CountDownLatch release = blocked(counter);
    assertThrows(
        SendException.Timeout.class,
        () -> counter.request(new Inc()).replyTimeout(Duration.ofMillis(1)).send());
    CompletableFuture<Long> async =
        counter.request(new Inc()).replyTimeout(Duration.ofMillis(1)).sendAsync();
    ExecutionException e = assertThrows(ExecutionException.class, async::get);
    assertInstanceOf(SendException.Timeout.class, e.getCause());
    release.countDown();

    assertEquals(2, askFailures("timeout"));
    assertEquals(0, askFailures("mailbox_full"));
    counter.kill();
  }

  @Test
  void a_try_ask_at_a_full_mailbox_counts_as_mailbox_full() throws Exception {
    ActorRef<Counter> counter = Actor.builder(new Counter()).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch release = blocked(counter);
    counter.tell(new Inc()); // fills the one slot
    ExecutionException e = assertThrows(ExecutionException.class, counter.tryAsk(new Inc())::get);
    assertInstanceOf(SendException.MailboxFull.class, e.getCause());
    release.countDown();

    assertEquals(1, askFailures("mailbox_full"));
    counter.kill();
  }

  @Test
  void asks_to_a_stopped_actor_and_asks_it_drops_count_as_actor_stopped() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    CountDownLatch release = blocked(counter);
    CompletableFuture<Long> pending = counter.askAsync(new Inc()); // queued, never handled
    counter.kill();
    release.countDown();
    counter.waitForShutdown();
    ExecutionException e = assertThrows(ExecutionException.class, pending::get);
    assertInstanceOf(SendException.ActorStopped.class, e.getCause());
    assertThrows(SendException.ActorNotRunning.class, () -> counter.ask(new Inc()));

    assertEquals(2, askFailures("actor_stopped"));
  }

  @Test
  void a_handler_that_throws_fails_the_ask_as_handler_failed() throws Exception {
    ActorRef<Counter> one = Actor.builder(new Counter()).askExceptionsToCaller().spawn();
    assertThrows(SendException.HandlerFailed.class, () -> one.ask(new Fail()));
    ExecutionException e = assertThrows(ExecutionException.class, one.askAsync(new Fail())::get);
    assertInstanceOf(SendException.HandlerFailed.class, e.getCause());

    assertEquals(2, askFailures("handler_failed"));
    awaitCount(2, () -> counter("kameo.messages.handled", "actor", COUNTER));
    one.kill();
  }

  @Test
  void actors_spawned_before_the_binding_are_not_observed() {
    metrics.close();
    ActorRef<Counter> before = Actor.spawn(new Counter());
    bind();
    before.ask(new Inc());
    assertNull(registry.find("kameo.messages.handled").tag("actor", COUNTER).counter());
    before.kill();
  }

  @Test
  void only_one_binding_at_a_time() {
    KameoMetrics second = KameoMetrics.create();
    assertThrows(IllegalStateException.class, () -> second.bindTo(new SimpleMeterRegistry()));
    assertThrows(IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
    metrics.close();
    second.bindTo(new SimpleMeterRegistry()); // free again once closed
    second.close();
  }
}
