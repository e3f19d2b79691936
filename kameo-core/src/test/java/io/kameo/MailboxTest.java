package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mailbox contract, run for bounded mailboxes of capacity 1, 2 and N, and unbounded. */
class MailboxTest {

  record Item(int n) implements Message<Sink, Void> {}

  record Items() implements Message<Sink, List<Integer>> {}

  record Gate(CountDownLatch entered, CountDownLatch release) implements Message<Sink, Void> {}

  static final class Sink implements Actor<Sink> {
    final List<Integer> items = new ArrayList<>();

    @Handler
    void item(Item msg) {
      items.add(msg.n());
    }

    @Handler
    List<Integer> items(Items msg) {
      return List.copyOf(items);
    }

    @Handler
    void gate(Gate msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
    }
  }

  /** Blocks the actor in a handler so that the mailbox fills up; returns the release latch. */
  private static CountDownLatch blockActor(ActorRef<Sink> sink) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    sink.tell(new Gate(entered, release));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    return release;
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 3, 16, 17, 64, 1000})
  void bounded_mailbox_accepts_exactly_its_capacity_then_try_tell_fails(int capacity)
      throws Exception {
    ActorRef<Sink> sink = Actor.builder(new Sink()).mailbox(Mailbox.bounded(capacity)).spawn();
    CountDownLatch release = blockActor(sink);
    for (int i = 0; i < capacity; i++) {
      assertTrue(sink.tryTell(new Item(i)), "slot " + i);
    }
    assertFalse(sink.tryTell(new Item(capacity)));
    Item extra = new Item(-1);
    CompletableFuture<List<Integer>> full = sink.tryAsk(new Items());
    SendException.MailboxFull mailboxFull =
        assertInstanceOf(
            SendException.MailboxFull.class,
            assertThrows(ExecutionException.class, full::get).getCause());
    assertInstanceOf(Items.class, mailboxFull.message().orElseThrow());

    SendException.Timeout timeout =
        assertThrows(SendException.Timeout.class, () -> sink.tell(extra, Duration.ofMillis(20)));
    assertTrue(timeout.isMailboxTimeout());
    assertSame(extra, timeout.message().orElseThrow());

    release.countDown();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      expected.add(i);
    }
    assertEquals(expected, sink.ask(new Items()));
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 64})
  void full_mailbox_blocks_the_sender_until_there_is_room(int capacity) throws Exception {
    ActorRef<Sink> sink = Actor.builder(new Sink()).mailbox(Mailbox.bounded(capacity)).spawn();
    CountDownLatch release = blockActor(sink);
    for (int i = 0; i < capacity; i++) {
      sink.tell(new Item(i));
    }
    CountDownLatch sent = new CountDownLatch(1);
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  sink.tell(new Item(capacity));
                  sent.countDown();
                });
    assertFalse(sent.await(50, TimeUnit.MILLISECONDS), "the sender must wait for room");
    release.countDown();
    assertTrue(sent.await(10, TimeUnit.SECONDS));
    sender.join();
    assertEquals(capacity + 1, sink.ask(new Items()).size());
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {2, 3, 64})
  void a_waiting_sender_gets_the_first_free_slot_even_if_the_next_handler_blocks(int capacity)
      throws Exception {
    ActorRef<Sink> sink = Actor.builder(new Sink()).mailbox(Mailbox.bounded(capacity)).spawn();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstEntered = new CountDownLatch(1);
    CountDownLatch firstRelease = new CountDownLatch(1);
    sink.tell(new Gate(firstEntered, firstRelease));
    assertTrue(firstEntered.await(10, TimeUnit.SECONDS));
    sink.tell(new Gate(entered, release)); // the next handler blocks too
    for (int i = 1; i < capacity; i++) {
      sink.tell(new Item(i));
    }
    CountDownLatch sent = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              sink.tell(new Item(100));
              sent.countDown();
            });
    firstRelease.countDown(); // frees exactly one slot, then the actor blocks again
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    assertTrue(sent.await(10, TimeUnit.SECONDS), "the sender must get the freed slot");
    release.countDown();
    assertEquals(capacity, sink.ask(new Items()).size());
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 64})
  void blocked_senders_are_refused_when_the_actor_stops(int capacity) throws Exception {
    ActorRef<Sink> sink = Actor.builder(new Sink()).mailbox(Mailbox.bounded(capacity)).spawn();
    CountDownLatch release = blockActor(sink);
    for (int i = 0; i < capacity; i++) {
      sink.tell(new Item(i));
    }
    CompletableFuture<Throwable> blocked = new CompletableFuture<>();
    Item waiting = new Item(99);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                sink.tell(waiting);
                blocked.complete(null);
              } catch (Throwable t) {
                blocked.complete(t);
              }
            });
    sink.stopGracefully();
    SendException.ActorNotRunning refused =
        assertInstanceOf(SendException.ActorNotRunning.class, blocked.get(10, TimeUnit.SECONDS));
    assertSame(waiting, refused.message().orElseThrow());
    release.countDown();
    assertEquals(StopReason.NORMAL, sink.waitForShutdown().reason());
  }

  @Test
  void unbounded_mailbox_never_blocks_the_sender() throws Exception {
    ActorRef<Sink> sink = Actor.builder(new Sink()).mailbox(Mailbox.unbounded()).spawn();
    CountDownLatch release = blockActor(sink);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(sink.tryTell(new Item(i)));
    }
    release.countDown();
    assertEquals(10_000, sink.ask(new Items()).size());
  }

  @Test
  void mailbox_capacity_must_be_positive() {
    assertThrows(IllegalArgumentException.class, () -> Mailbox.bounded(0));
  }
}
