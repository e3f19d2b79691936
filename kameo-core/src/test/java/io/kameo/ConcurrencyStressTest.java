package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Repeated randomized races on the mailbox and the lifecycle. */
class ConcurrencyStressTest {

  record Seq(int sender, int n) implements Message<Checker, Void> {}

  record Report() implements Message<Checker, String> {}

  record Work(int n) implements Message<Checker, Integer> {}

  /** Checks per-sender FIFO; its fields are plain, so handlers also check visibility. */
  static final class Checker implements Actor<Checker> {
    final int[] last;
    long handled;
    String error = "";
    final List<Object> deadLetters = new ArrayList<>();
    final AtomicInteger deadLetterCount = new AtomicInteger();

    Checker(int senders) {
      last = new int[senders];
      java.util.Arrays.fill(last, -1);
    }

    @Handler
    void seq(Seq msg) {
      if (msg.n() != last[msg.sender()] + 1 && error.isEmpty()) {
        error = "sender " + msg.sender() + " sent " + msg.n() + " after " + last[msg.sender()];
      }
      last[msg.sender()] = msg.n();
      handled++;
    }

    @Handler
    String report(Report msg) {
      return error.isEmpty() ? "ok " + handled : error;
    }

    @Handler
    void bounce(Bounce msg, Context<Checker, Void> ctx) {
      if (msg.left() == 0) {
        msg.done().countDown();
      } else {
        msg.other().tell(new Bounce(msg.left() - 1, ctx.self(), msg.done()));
      }
    }

    @Handler
    Integer work(Work msg) {
      handled++;
      return msg.n();
    }

    @Override
    public void onDeadLetter(Object message) {
      deadLetterCount.incrementAndGet();
    }
  }

  @RepeatedTest(5)
  void many_senders_into_a_bounded_mailbox_of_one_keep_per_sender_order() throws Exception {
    int senders = 8;
    int perSender = 2_000;
    ActorRef<Checker> checker =
        Actor.builder(new Checker(senders)).mailbox(Mailbox.bounded(1)).spawn();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      Thread.Builder builder = s % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
      threads.add(
          builder.start(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                for (int n = 0; n < perSender; n++) {
                  checker.tell(new Seq(sender, n));
                }
              }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      assertTrue(!t.isAlive(), "sender did not finish");
    }
    assertEquals("ok " + senders * perSender, checker.ask(new Report()));
  }

  @RepeatedTest(20)
  void every_ask_racing_a_stop_completes_with_a_reply_or_a_send_error() throws Exception {
    Random random = new Random();
    Checker state = new Checker(1);
    ActorRef<Checker> actor =
        Actor.builder(state)
            .mailbox(random.nextBoolean() ? Mailbox.unbounded() : Mailbox.bounded(4))
            .spawn();
    int asks = 400;
    List<CompletableFuture<Integer>> replies = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> askers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      askers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    for (int i = 0; i < asks / 4; i++) {
                      CompletableFuture<Integer> reply = actor.askAsync(new Work(i));
                      synchronized (replies) {
                        replies.add(reply);
                      }
                    }
                  }));
    }
    start.countDown();
    Thread.sleep(0, random.nextInt(200_000)); // a random moment, not synchronization
    if (random.nextBoolean()) {
      actor.stopGracefully();
    } else {
      actor.kill();
    }
    for (Thread t : askers) {
      t.join();
    }
    actor.waitForShutdown();
    int answered = 0;
    for (CompletableFuture<Integer> reply : replies) {
      try {
        reply.get(10, TimeUnit.SECONDS);
        answered++;
      } catch (ExecutionException e) {
        assertInstanceOf(SendException.class, e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        fail("an ask never completed");
      }
    }
    assertEquals(asks, replies.size());
    assertEquals(state.handled, answered, "every handled ask answered, every answer handled");
  }

  @RepeatedTest(20)
  void tells_racing_a_kill_are_handled_dead_lettered_or_refused_exactly_once() throws Exception {
    Checker state = new Checker(4);
    ActorRef<Checker> actor = Actor.builder(state).mailbox(Mailbox.unbounded()).spawn();
    AtomicInteger refused = new AtomicInteger();
    int perSender = 500;
    List<Thread> senders = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      int sender = s;
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int n = 0; n < perSender; n++) {
                      try {
                        actor.tell(new Seq(sender, n));
                      } catch (SendException.ActorNotRunning e) {
                        refused.incrementAndGet();
                      }
                    }
                  }));
    }
    Thread.sleep(0, new Random().nextInt(100_000)); // a random moment, not synchronization
    actor.kill();
    for (Thread t : senders) {
      t.join();
    }
    actor.waitForShutdown();
    long total = state.handled + state.deadLetterCount.get() + refused.get();
    assertEquals(4L * perSender, total, "each tell handled, dead-lettered or refused once");
  }

  @RepeatedTest(5)
  void messages_sent_while_the_runner_goes_idle_are_never_stranded() {
    // An idle actor's thread ends and the next message starts a new one; a busy actor's thread
    // parks. Sends at random distances from that moment must all be handled.
    Random random = new Random();
    ActorRef<Checker> actor = Actor.builder(new Checker(1)).mailbox(Mailbox.unbounded()).spawn();
    for (int i = 0; i < 2_000; i++) {
      long spinUntil = System.nanoTime() + random.nextInt(3_000);
      while (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      }
      if (random.nextBoolean()) {
        actor.tell(new Seq(0, i));
        assertEquals(
            i, actor.request(new Work(i)).replyTimeout(java.time.Duration.ofSeconds(30)).send());
      } else {
        actor.tell(new Seq(0, i));
        actor
            .request(new Work(i))
            .replyTimeout(java.time.Duration.ofSeconds(30))
            .sendAsync()
            .join();
      }
    }
    assertEquals("ok 4000", actor.ask(new Report()));
  }

  record Bounce(int left, ActorRef<Checker> other, CountDownLatch done)
      implements Message<Checker, Void> {}

  @Test
  void the_runnable_runner_count_returns_to_zero_when_every_actor_is_idle_or_stopped()
      throws Exception {
    // The count steers spinning; a wake-up counted twice or never would skew it for good. Other
    // tests in this JVM may leave actors blocked in a handler (counted as running): the balance
    // is measured against the count before this test's actors.
    long before = ActorCell.runnableRunners();
    List<ActorRef<Checker>> actors = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(50);
    for (int i = 0; i < 100; i++) {
      actors.add(Actor.builder(new Checker(1)).mailbox(Mailbox.unbounded()).spawn());
    }
    for (int i = 0; i < 50; i++) {
      actors.get(2 * i).tell(new Bounce(2_000, actors.get(2 * i + 1), done));
    }
    assertTrue(done.await(60, TimeUnit.SECONDS));
    for (int i = 0; i < 100; i += 4) {
      actors.get(i).kill();
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> ActorCell.runnableRunners() <= before);
    for (ActorRef<Checker> actor : actors) {
      actor.stopGracefully();
      actor.waitForShutdown();
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> ActorCell.runnableRunners() <= before);
  }

  @Test
  void link_to_an_actor_that_is_dying_is_notified_once() throws Exception {
    for (int i = 0; i < 50; i++) {
      ActorRef<Checker> dying = Actor.spawn(new Checker(1));
      ActorRef<Checker> watcher = Actor.spawn(new Checker(1));
      Thread killer = Thread.ofVirtual().start(dying::kill);
      watcher.link(dying);
      killer.join();
      assertInstanceOf(StopReason.LinkDied.class, watcher.waitForShutdown().reason());
    }
  }
}
