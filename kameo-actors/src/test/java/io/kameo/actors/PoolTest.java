package io.kameo.actors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.SendException;
import io.kameo.Supervisor;
import io.kameo.actors.Workers.Block;
import io.kameo.actors.Workers.Fail;
import io.kameo.actors.Workers.Inc;
import io.kameo.actors.Workers.Ping;
import io.kameo.actors.Workers.Pings;
import io.kameo.actors.Workers.Which;
import io.kameo.actors.Workers.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PoolTest {

  @Test
  void round_robin_gives_each_worker_its_turn() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(4).routing(Routing.ROUND_ROBIN).spawn();
    Map<Integer, Integer> perWorker = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      perWorker.merge(pool.ask(new Which()), 1, Integer::sum);
    }
    assertEquals(4, perWorker.size(), "every worker answered: " + perWorker);
    perWorker.values().forEach(n -> assertEquals(2, n, "two asks each: " + perWorker));
    assertEquals(42L, pool.ask(new Inc(41)));
    pool.stop();
  }

  @Test
  void least_busy_routes_around_a_worker_still_busy_with_a_tell() throws Exception {
    Pool<Worker> pool = Pool.builder(Worker::new).size(2).spawn();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.tell(new Block(started, release));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    int first = pool.ask(new Which());
    for (int i = 0; i < 5; i++) {
      assertEquals(first, pool.ask(new Which()), "every ask goes to the idle worker");
    }
    // round robin would have sent one of them to the blocked worker, and the test would hang
    release.countDown();
    pool.stop();
  }

  @Test
  void a_worker_whose_handler_fails_is_restarted_in_place() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(2).routing(Routing.ROUND_ROBIN).spawn();
    List<ActorRef<Worker>> before = pool.workers();
    int failedInstance = before.get(0).ask(new Which());
    before.get(0).tell(new Fail());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> before.get(0).ask(new Which()) != failedInstance);
    assertEquals(before, pool.workers(), "the same references: restarted in place");
    assertEquals(6L, pool.ask(new Inc(5)));
    pool.stop();
  }

  @Test
  void a_killed_worker_is_replaced_by_a_new_one() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(3).spawn();
    ActorRef<Worker> victim = pool.workers().get(1);
    victim.kill();
    victim.waitForShutdown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !pool.workers().contains(victim) && pool.size() == 3);
    pool.workers().forEach(w -> assertTrue(w.isAlive(), w + " is alive"));
    for (int i = 0; i < 6; i++) {
      assertEquals(i + 1L, pool.ask(new Inc(i)));
    }
    pool.stop();
  }

  @Test
  void broadcast_reaches_every_worker_once() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(3).spawn();
    assertEquals(3, pool.broadcast(new Ping()));
    for (ActorRef<Worker> w : pool.workers()) {
      assertEquals(1, w.ask(new Pings()));
    }
    pool.stop();
  }

  @Test
  void resize_spawns_new_workers_and_stops_the_surplus_without_replacing_them() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(2).spawn();
    pool.resize(5);
    assertEquals(5, pool.size());
    List<ActorRef<Worker>> five = pool.workers();
    pool.resize(1);
    assertEquals(1, pool.size());
    for (ActorRef<Worker> w : five.subList(1, 5)) {
      w.waitForShutdown();
    }
    assertEquals(List.of(five.get(0)), pool.workers(), "the surplus is not replaced");
    assertEquals(List.of(five.get(0)), Supervisor.children(pool.supervisor()));
    assertThrows(IllegalArgumentException.class, () -> pool.resize(0));
    pool.stop();
  }

  @Test
  void when_the_supervisor_gives_up_every_send_fails_with_no_worker() {
    Pool<Worker> pool =
        Pool.builder(Worker::new)
            .size(2)
            .supervisor(Supervisor.builder().maxRestarts(0, Duration.ofSeconds(5)))
            .spawn();
    pool.workers().get(0).tell(new Fail()); // past the limit at once: the supervisor gives up
    pool.supervisor().waitForShutdown();
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.size() == 0);
    Inc inc = new Inc(1);
    NoWorkerException e = assertThrows(NoWorkerException.class, () -> pool.ask(inc));
    assertSame(inc, e.undelivered());
    assertTrue(e.getMessage().contains("supervisor stopped"), e.getMessage());
    CompletableFuture<Long> async = pool.askAsync(inc);
    CompletionException failed = assertThrows(CompletionException.class, async::join);
    assertInstanceOf(NoWorkerException.class, failed.getCause());
    assertThrows(NoWorkerException.class, () -> pool.tell(new Ping()));
    assertThrows(IllegalStateException.class, () -> pool.resize(3));
  }

  @Test
  void a_stopped_pool_has_stopped_its_workers_and_refuses_sends() {
    Pool<Worker> pool =
        Pool.builder(Worker::new).size(2).options(b -> b.mailbox(Mailbox.bounded(4))).spawn();
    List<ActorRef<Worker>> workers = pool.workers();
    pool.stop();
    workers.forEach(w -> assertFalse(w.isAlive()));
    NoWorkerException e = assertThrows(NoWorkerException.class, () -> pool.ask(new Which()));
    assertTrue(e.getMessage().contains("it was stopped"), e.getMessage());
    assertEquals(0, pool.broadcast(new Ping()));
  }

  @Test
  void every_ask_completes_while_workers_are_killed_and_replaced() throws Exception {
    Pool<Worker> pool = Pool.builder(Worker::new).size(3).spawn();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 300; i++) {
                      try {
                        assertEquals(i + 1L, pool.ask(new Inc(i)));
                        answered.incrementAndGet();
                      } catch (SendException.ActorStopped e) {
                        failed.incrementAndGet(); // queued at a worker that was killed
                      } catch (NoWorkerException e) {
                        failed.incrementAndGet(); // all three killed before one was replaced
                      }
                    }
                  }));
    }
    for (int k = 0; k < 10; k++) {
      ActorRef<Worker> victim = pool.workers().get(k % pool.size());
      victim.kill();
      victim.waitForShutdown();
    }
    for (Thread caller : callers) {
      assertTrue(caller.join(Duration.ofSeconds(20)), "a caller is still waiting for a reply");
    }
    assertEquals(1200, answered.get() + failed.get(), "every ask completed");
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.size() == 3);
    pool.workers().forEach(w -> assertTrue(w.isAlive(), w + " is alive"));
    pool.stop();
  }

  @Test
  void async_asks_all_complete_with_the_right_reply() {
    Pool<Worker> pool = Pool.builder(Worker::new).size(4).spawn();
    List<CompletableFuture<Long>> replies =
        IntStream.range(0, 200).mapToObj(i -> pool.askAsync(new Inc(i))).toList();
    for (int i = 0; i < replies.size(); i++) {
      assertEquals(i + 1L, replies.get(i).join());
    }
    pool.stop();
  }
}
