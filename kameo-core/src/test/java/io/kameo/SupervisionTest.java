package io.kameo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Supervisors, restart strategies and policies, the restart limit, and refs across restarts. */
class SupervisionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  record Work(int n) implements Message<Worker, Integer> {}

  record Fail() implements Message<Worker, Void> {}

  record FailAsk() implements Message<Worker, Integer> {}

  record Count() implements Message<Worker, Integer> {}

  record Quit() implements Message<Worker, Void> {}

  record Block(CountDownLatch entered, CountDownLatch release, boolean fail)
      implements Message<Worker, Void> {}

  /** A worker that counts what this incarnation handled and logs its lifecycle as tag:event. */
  static final class Worker implements Actor<Worker> {
    final List<String> log;
    final String tag;
    final List<Integer> seen;
    final ControlFlow afterPanic;
    int count;

    Worker(List<String> log, String tag) {
      this(log, tag, null, null);
    }

    Worker(List<String> log, String tag, List<Integer> seen, ControlFlow afterPanic) {
      this.log = log;
      this.tag = tag;
      this.seen = seen;
      this.afterPanic = afterPanic;
    }

    @Handler
    int work(Work w) {
      if (seen != null) {
        seen.add(w.n());
      }
      return ++count;
    }

    @Handler
    void fail(Fail f) {
      throw new IllegalStateException("boom in " + tag);
    }

    @Handler
    int failAsk(FailAsk f) {
      count = 1_000; // a change the failure must not leave behind
      throw new IllegalStateException("ask boom in " + tag);
    }

    @Handler
    int count(Count c) {
      return count;
    }

    @Handler
    void quit(Quit q, Context<Worker, Void> ctx) {
      ctx.stop();
    }

    @Handler
    void block(Block b) throws InterruptedException {
      b.entered().countDown();
      b.release().await();
      if (b.fail()) {
        throw new IllegalStateException("boom after block in " + tag);
      }
    }

    @Override
    public void onStart(ActorRef<Worker> self) {
      log.add(tag + ":start");
    }

    @Override
    public ControlFlow onPanic(ActorRef<Worker> self, Throwable error) throws Exception {
      return afterPanic != null ? afterPanic : Actor.super.onPanic(self, error);
    }

    @Override
    public void onStop(ActorRef<Worker> self, StopReason reason) {
      log.add(tag + ":stop");
    }
  }

  record Nothing() implements Message<Unstartable, Void> {}

  /** Fails in every onStart. */
  static final class Unstartable implements Actor<Unstartable> {
    @Handler
    void nothing(Nothing n) {}

    @Override
    public void onStart(ActorRef<Unstartable> self) {
      throw new IllegalStateException("cannot start");
    }
  }

  record Events() implements Message<Watcher, List<String>> {}

  /** Records the link deaths it hears of and keeps running. */
  static final class Watcher implements Actor<Watcher> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Handler
    List<String> events(Events e) {
      return List.copyOf(events);
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Watcher> self, ActorId id, StopReason reason) {
      events.add(id + " " + reason);
      return ControlFlow.CONTINUE;
    }
  }

  private static ChildSpec<Worker> worker(List<String> log, String tag, AtomicInteger made) {
    return ChildSpec.of(
        () -> {
          made.incrementAndGet();
          return new Worker(log, tag);
        });
  }

  private static ActorRef<Supervisor> supervisor(SupervisionStrategy strategy) {
    return Supervisor.builder().strategy(strategy).maxRestarts(100, Duration.ofSeconds(60)).spawn();
  }

  private static ActorRef<Worker> spawnWorker(ActorRef<Supervisor> sup, AtomicInteger made) {
    return Supervisor.spawnChild(sup, worker(new CopyOnWriteArrayList<>(), "w", made));
  }

  private static void stop(ActorRef<Supervisor> sup) {
    sup.stopGracefully();
    sup.waitForShutdown();
  }

  /** Returns {@code ref} once its onStart has run, so that start events are logged in order. */
  private static <A extends Actor<A>> ActorRef<A> started(ActorRef<A> ref) {
    ref.waitForStartup();
    return ref;
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Worker> workerAt(ActorRef<Supervisor> sup, int index) {
    return (ActorRef<Worker>) Supervisor.children(sup).get(index);
  }

  // -----------------------------------------------------------------------------------------------
  // A restart in place

  @Test
  void a_failed_child_is_restarted_with_fresh_state_from_its_factory() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w = spawnWorker(sup, made);
    w.tell(new Work(1));
    w.tell(new Work(2));
    assertEquals(2, w.ask(new Count()));
    w.tell(new Fail());
    assertEquals(0, w.ask(new Count())); // a new instance: the count starts again
    assertEquals(2, made.get());
    stop(sup);
  }

  @Test
  void a_restarted_child_keeps_its_id_and_the_reference_callers_hold() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    ActorId before = w.id();
    w.tell(new Fail());
    assertEquals(1, w.ask(new Work(1)));
    assertEquals(before, w.id());
    assertSame(w, workerAt(sup, 0));
    assertTrue(w.isAlive());
    stop(sup);
  }

  @Test
  void tells_queued_behind_the_failing_message_survive_the_restart() throws Exception {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w =
        Supervisor.spawnChild(
            sup,
            ChildSpec.of(
                    () -> {
                      made.incrementAndGet();
                      return new Worker(new CopyOnWriteArrayList<>(), "w", seen, null);
                    })
                .options(b -> b.mailbox(Mailbox.unbounded())));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    w.tell(new Block(entered, release, true));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 50; i++) {
      w.tell(new Work(i)); // queued while the failing handler still runs
    }
    release.countDown();
    assertEquals(50, w.ask(new Count())); // all handled by the new instance
    assertEquals(2, made.get());
    assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), seen);
    stop(sup);
  }

  record Pass(int n) implements Message<Gated, Integer> {}

  record Explode() implements Message<Gated, Void> {}

  /** Counts what it handled; its onStart waits at {@code gate} when it has one. */
  static final class Gated implements Actor<Gated> {
    private final CountDownLatch gate;
    private int handled;

    Gated(CountDownLatch gate) {
      this.gate = gate;
    }

    @Handler
    int pass(Pass p) {
      return ++handled;
    }

    @Handler
    void explode(Explode e) {
      throw new IllegalStateException("explode");
    }

    @Override
    public void onStart(ActorRef<Gated> self) throws InterruptedException {
      if (gate != null) {
        gate.await();
      }
    }
  }

  @Test
  void a_bounded_mailbox_keeps_its_backpressure_while_the_child_restarts() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger made = new AtomicInteger();
    ActorRef<Gated> g =
        Supervisor.spawnChild(
            sup,
            ChildSpec.of(() -> new Gated(made.incrementAndGet() == 1 ? null : gate))
                .options(b -> b.mailbox(Mailbox.bounded(2))));
    g.tell(new Explode()); // the restart's onStart then waits at the gate
    await().atMost(WAIT).until(() -> made.get() == 2);
    assertTrue(g.tryTell(new Pass(1)));
    assertTrue(g.tryTell(new Pass(2)));
    assertFalse(g.tryTell(new Pass(3))); // full: the restart does not lift the bound
    gate.countDown();
    assertEquals(3, g.ask(new Pass(4))); // the two queued ones were handled by the new instance
    stop(sup);
  }

  @Test
  void the_ask_whose_handler_failed_fails_with_restarted_and_a_retry_reaches_fresh_state() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    SendException.Restarted e =
        assertThrows(SendException.Restarted.class, () -> w.ask(new FailAsk()));
    assertEquals(w.id(), e.actorId());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertInstanceOf(SendException.HandlerFailed.class, e); // still a handler failure
    assertEquals(0, w.ask(new Count())); // the failed handler's change went with the old instance
    stop(sup);
  }

  @Test
  void the_ask_whose_handler_failed_without_a_restart_fails_with_plain_handler_failed() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w =
        Supervisor.spawnChild(
            sup,
            worker(new CopyOnWriteArrayList<>(), "w", new AtomicInteger())
                .restart(RestartPolicy.TEMPORARY));
    SendException.HandlerFailed e =
        assertThrows(SendException.HandlerFailed.class, () -> w.ask(new FailAsk()));
    assertFalse(e instanceof SendException.Restarted);
    assertInstanceOf(StopReason.Panicked.class, w.waitForShutdown().reason());
    stop(sup);
  }

  @Test
  void on_start_of_a_restart_never_overlaps_the_previous_incarnations_on_stop() {
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Supervisor> sup = supervisor(SupervisionStrategy.ONE_FOR_ONE);
    ActorRef<Worker> w = Supervisor.spawnChild(sup, worker(log, "w", new AtomicInteger()));
    for (int i = 0; i < 20; i++) {
      w.tell(new Fail());
    }
    assertEquals(0, w.ask(new Count()));
    stop(sup);
    // start, stop, start, stop, ...: each onStop finished (logged last) before the next onStart
    assertEquals(42, log.size(), log.toString());
    for (int i = 0; i < log.size(); i++) {
      assertEquals(i % 2 == 0 ? "w:start" : "w:stop", log.get(i), log.toString());
    }
  }

  // -----------------------------------------------------------------------------------------------
  // References held across restarts

  @Test
  void wait_for_shutdown_waits_for_the_final_stop_not_a_restart() throws Exception {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    CompletableFuture<ShutdownResult> shutdown = w.shutdown().toCompletableFuture();
    CompletableFuture<ShutdownResult> waiter =
        CompletableFuture.supplyAsync(w::waitForShutdown, Thread::startVirtualThread);
    w.tell(new Fail());
    assertEquals(1, w.ask(new Work(1))); // handled by the restarted instance
    assertFalse(shutdown.isDone());
    assertFalse(waiter.isDone());
    w.stopGracefully();
    assertEquals(StopReason.NORMAL, waiter.get(10, TimeUnit.SECONDS).reason());
    assertEquals(StopReason.NORMAL, shutdown.get(10, TimeUnit.SECONDS).reason());
    stop(sup);
  }

  @Test
  void a_linked_actor_hears_only_of_the_final_stop_and_its_link_survives_restarts() {
    ActorRef<Supervisor> sup = supervisor(SupervisionStrategy.ONE_FOR_ONE);
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    ActorRef<Watcher> watcher = Actor.spawn(new Watcher());
    watcher.link(w);
    for (int i = 0; i < 3; i++) {
      w.tell(new Fail());
    }
    assertEquals(0, w.ask(new Count()));
    assertEquals(List.of(), watcher.ask(new Events()));
    w.kill();
    assertEquals(StopReason.KILLED, w.waitForShutdown().reason());
    assertEquals(List.of(w.id() + " Killed"), watcher.ask(new Events()));
    watcher.stopGracefully();
    stop(sup);
  }

  @Test
  void tell_try_tell_and_ask_async_through_an_old_reference_reach_the_restarted_child()
      throws Exception {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    Recipient<Work> recipient = w.recipient();
    w.tell(new Fail());
    recipient.tell(new Work(1));
    assertTrue(w.tryTell(new Work(2)));
    assertEquals(3, w.<Integer>askAsync(new Work(3)).get(10, TimeUnit.SECONDS));
    stop(sup);
  }

  // -----------------------------------------------------------------------------------------------
  // Final stops

  /** Stops a permanent child with {@code request}; it stays stopped and is released. */
  private static void assertFinalStop(
      java.util.function.Consumer<ActorRef<Worker>> request, StopReason expected) {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w = spawnWorker(sup, made);
    request.accept(w);
    assertEquals(expected, w.waitForShutdown().reason());
    await().atMost(WAIT).until(() -> Supervisor.children(sup).isEmpty());
    assertEquals(1, made.get());
    stop(sup);
  }

  @Test
  void a_graceful_stop_of_a_permanent_child_is_final_and_the_supervisor_releases_it() {
    assertFinalStop(ActorRef::stopGracefully, StopReason.NORMAL);
  }

  @Test
  void a_child_that_stopped_for_good_is_not_kept_reachable_by_its_supervisor() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    java.lang.ref.WeakReference<ActorCell<?>> cell = new java.lang.ref.WeakReference<>(w.cell());
    w.stopGracefully();
    w.waitForShutdown();
    await().atMost(WAIT).until(() -> Supervisor.children(sup).isEmpty());
    await()
        .atMost(WAIT)
        .until(
            () -> {
              System.gc();
              return cell.get() == null; // the runtime of the stopped child is garbage
            });
    stop(sup);
  }

  @Test
  void context_stop_of_a_permanent_child_is_final() {
    assertFinalStop(w -> w.tell(new Quit()), StopReason.NORMAL);
  }

  @Test
  void a_kill_of_a_permanent_child_is_final() {
    assertFinalStop(ActorRef::kill, StopReason.KILLED);
  }

  // -----------------------------------------------------------------------------------------------
  // Restart policies

  private static ChildSpec<Worker> stoppingNormallyOnPanic(AtomicInteger made) {
    return ChildSpec.of(
        () -> {
          made.incrementAndGet();
          return new Worker(
              new CopyOnWriteArrayList<>(), "w", null, ControlFlow.stop(StopReason.NORMAL));
        });
  }

  @Test
  void a_permanent_child_is_restarted_even_after_a_normal_stop_it_did_not_ask_for() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w = Supervisor.spawnChild(sup, stoppingNormallyOnPanic(made));
    w.tell(new Fail()); // onPanic stops it with NORMAL
    assertEquals(1, w.ask(new Work(1)));
    assertEquals(2, made.get());
    stop(sup);
  }

  @Test
  void a_transient_child_is_not_restarted_after_a_normal_stop() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w =
        Supervisor.spawnChild(sup, stoppingNormallyOnPanic(made).restart(RestartPolicy.TRANSIENT));
    w.tell(new Fail());
    assertEquals(StopReason.NORMAL, w.waitForShutdown().reason());
    await().atMost(WAIT).until(() -> Supervisor.children(sup).isEmpty());
    assertEquals(1, made.get());
    stop(sup);
  }

  @Test
  void a_transient_child_is_restarted_after_a_panic() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w =
        Supervisor.spawnChild(
            sup, worker(new CopyOnWriteArrayList<>(), "w", made).restart(RestartPolicy.TRANSIENT));
    w.tell(new Fail());
    assertEquals(1, w.ask(new Work(1)));
    assertEquals(2, made.get());
    stop(sup);
  }

  @Test
  void a_temporary_child_is_never_restarted_and_is_released() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w =
        Supervisor.spawnChild(
            sup, worker(new CopyOnWriteArrayList<>(), "w", made).restart(RestartPolicy.TEMPORARY));
    w.tell(new Fail());
    assertInstanceOf(StopReason.Panicked.class, w.waitForShutdown().reason());
    await().atMost(WAIT).until(() -> Supervisor.children(sup).isEmpty());
    assertEquals(1, made.get());
    assertTrue(sup.isAlive());
    stop(sup);
  }

  // -----------------------------------------------------------------------------------------------
  // Strategies

  @Test
  void one_for_one_restarts_only_the_failed_child() {
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Supervisor> sup = supervisor(SupervisionStrategy.ONE_FOR_ONE);
    ActorRef<Worker> a = started(Supervisor.spawnChild(sup, worker(log, "a", new AtomicInteger())));
    ActorRef<Worker> b = started(Supervisor.spawnChild(sup, worker(log, "b", new AtomicInteger())));
    a.tell(new Work(1));
    b.tell(new Fail());
    assertEquals(0, b.ask(new Count()));
    assertEquals(1, a.ask(new Count()));
    assertEquals(List.of("a:start", "b:start", "b:stop", "b:start"), log);
    stop(sup);
  }

  /**
   * Spawns children a, b, c under a supervisor of {@code strategy}, gives a and c one message each,
   * fails b, and waits until {@code events} lifecycle events were logged; returns the log.
   */
  private static List<String> failTheMiddleOfThree(
      SupervisionStrategy strategy, int events, List<ActorRef<Worker>> refs) {
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Supervisor> sup = supervisor(strategy);
    for (String tag : List.of("a", "b", "c")) {
      refs.add(started(Supervisor.spawnChild(sup, worker(log, tag, new AtomicInteger()))));
    }
    refs.get(0).tell(new Work(1));
    refs.get(2).tell(new Work(1));
    // handled before the failure: a tell still queued at a restart is kept for the new instance
    assertEquals(1, count(refs, 0));
    assertEquals(1, count(refs, 2));
    refs.get(1).tell(new Fail());
    await().atMost(WAIT).until(() -> log.size() == events);
    assertEquals(List.copyOf(refs), Supervisor.children(sup)); // same refs, same order
    return log;
  }

  private static int count(List<ActorRef<Worker>> refs, int index) {
    return refs.get(index).ask(new Count());
  }

  @Test
  void one_for_all_ends_the_others_in_reverse_start_order_then_starts_all_in_start_order() {
    List<ActorRef<Worker>> refs = new java.util.ArrayList<>();
    List<String> log = failTheMiddleOfThree(SupervisionStrategy.ONE_FOR_ALL, 9, refs);
    assertEquals(
        List.of(
            "a:start", "b:start", "c:start", "b:stop", "c:stop", "a:stop", "a:start", "b:start",
            "c:start"),
        log);
    assertEquals(List.of(0, 0, 0), List.of(count(refs, 0), count(refs, 1), count(refs, 2)));
  }

  @Test
  void rest_for_one_restarts_the_failed_child_and_those_started_after_it_in_start_order() {
    List<ActorRef<Worker>> refs = new java.util.ArrayList<>();
    List<String> log = failTheMiddleOfThree(SupervisionStrategy.REST_FOR_ONE, 7, refs);
    assertEquals(
        List.of("a:start", "b:start", "c:start", "b:stop", "c:stop", "b:start", "c:start"), log);
    // a kept its state; b and c are fresh
    assertEquals(List.of(1, 0, 0), List.of(count(refs, 0), count(refs, 1), count(refs, 2)));
  }

  @Test
  void a_temporary_sibling_stops_for_good_when_one_for_all_restarts_the_others() {
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Supervisor> sup = supervisor(SupervisionStrategy.ONE_FOR_ALL);
    ActorRef<Worker> a = Supervisor.spawnChild(sup, worker(log, "a", new AtomicInteger()));
    ActorRef<Worker> t =
        Supervisor.spawnChild(
            sup, worker(log, "t", new AtomicInteger()).restart(RestartPolicy.TEMPORARY));
    a.tell(new Fail());
    assertEquals(0, a.ask(new Count()));
    StopReason.LinkDied reason =
        assertInstanceOf(StopReason.LinkDied.class, t.waitForShutdown().reason());
    assertEquals(a.id(), reason.id());
    await().atMost(WAIT).until(() -> Supervisor.children(sup).equals(List.of(a)));
    stop(sup);
  }

  // -----------------------------------------------------------------------------------------------
  // The restart limit, backoff, escalation

  @Test
  void a_restart_storm_is_held_by_the_restart_limit_and_escalates_to_the_supervisors_links() {
    ActorRef<Supervisor> sup = Supervisor.builder().maxRestarts(5, Duration.ofMinutes(1)).spawn();
    ActorRef<Watcher> watcher = Actor.spawn(new Watcher());
    watcher.link(sup);
    AtomicInteger made = new AtomicInteger();
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Worker> storm =
        Supervisor.spawnChild(
            sup, worker(log, "s", made).options(b -> b.mailbox(Mailbox.unbounded())));
    ActorRef<Worker> bystander =
        Supervisor.spawnChild(sup, worker(new CopyOnWriteArrayList<>(), "b", new AtomicInteger()));
    try {
      for (int i = 0; i < 1_000; i++) {
        storm.tell(new Fail()); // fails on every message
      }
    } catch (SendException.ActorNotRunning e) {
      // the supervisor gave up and stopped it before all were sent
    }
    StopReason.LinkDied gaveUp =
        assertInstanceOf(StopReason.LinkDied.class, sup.waitForShutdown().reason());
    assertEquals(storm.id(), gaveUp.id());
    assertInstanceOf(StopReason.Panicked.class, gaveUp.reason());
    assertEquals(6, made.get()); // the first instance and five restarts
    assertInstanceOf(StopReason.Panicked.class, storm.waitForShutdown().reason());
    assertEquals(StopReason.NORMAL, bystander.waitForShutdown().reason()); // stopped first
    assertEquals(List.of(sup.id() + " " + gaveUp), watcher.ask(new Events()));
    watcher.stopGracefully();
  }

  @Test
  void restarts_spread_over_more_than_the_window_are_not_counted_together() {
    ActorRef<Supervisor> sup = Supervisor.builder().maxRestarts(1, Duration.ofMillis(50)).spawn();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w = spawnWorker(sup, made);
    for (int i = 0; i < 3; i++) {
      w.tell(new Fail());
      assertEquals(0, w.ask(new Count()));
      long restartedAt = System.nanoTime(); // after the restart: its time in the window is earlier
      // let the window pass (bounded wait on a clock condition, not an ordering sleep)
      await().atMost(WAIT).until(() -> System.nanoTime() - restartedAt > 60_000_000L);
    }
    assertEquals(4, made.get());
    assertTrue(sup.isAlive());
    stop(sup);
  }

  @Test
  void backoff_waits_at_least_the_configured_delay_before_a_restart() {
    Duration backoff = Duration.ofMillis(200);
    ActorRef<Supervisor> sup = Supervisor.builder().backoff(backoff, backoff).spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    long before = System.nanoTime();
    w.tell(new Fail());
    assertEquals(1, w.ask(new Work(1))); // queued during the backoff, handled after it
    assertTrue(System.nanoTime() - before >= backoff.toNanos());
    stop(sup);
  }

  @Test
  void a_kill_during_the_backoff_is_final_and_does_not_wait_the_backoff() throws Exception {
    ActorRef<Supervisor> sup =
        Supervisor.builder().backoff(Duration.ofHours(1), Duration.ofHours(1)).spawn();
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger made = new AtomicInteger();
    ActorRef<Worker> w = Supervisor.spawnChild(sup, worker(log, "w", made));
    CompletableFuture<Integer> failed = w.askAsync(new FailAsk());
    await().atMost(WAIT).until(() -> log.contains("w:stop")); // the incarnation ended
    w.kill();
    assertEquals(StopReason.KILLED, w.waitForShutdown().reason());
    Throwable cause =
        assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> failed.get(10, TimeUnit.SECONDS))
            .getCause();
    assertEquals(SendException.HandlerFailed.class, cause.getClass()); // not restarted
    assertEquals(1, made.get());
    stop(sup);
  }

  @Test
  void a_child_whose_on_start_fails_is_restarted_and_the_failures_count_toward_the_limit() {
    AtomicInteger made = new AtomicInteger();
    ActorRef<Supervisor> sup = Supervisor.builder().maxRestarts(3, Duration.ofMinutes(1)).spawn();
    ActorRef<Unstartable> w =
        Supervisor.spawnChild(
            sup,
            ChildSpec.of(
                () -> {
                  made.incrementAndGet();
                  return new Unstartable();
                }));
    StopReason.LinkDied gaveUp =
        assertInstanceOf(StopReason.LinkDied.class, sup.waitForShutdown().reason());
    StopReason.Panicked panicked = assertInstanceOf(StopReason.Panicked.class, gaveUp.reason());
    assertEquals(PanicSource.ON_START, panicked.source());
    assertEquals(4, made.get()); // the first start and three restarts
    assertInstanceOf(
        StartupFailedException.class, assertThrows(RuntimeException.class, w::waitForStartup));
  }

  @Test
  void a_factory_that_throws_on_a_restart_counts_as_a_failed_start() {
    AtomicInteger made = new AtomicInteger();
    ActorRef<Supervisor> sup = Supervisor.builder().maxRestarts(2, Duration.ofMinutes(1)).spawn();
    ActorRef<Worker> w =
        Supervisor.spawnChild(
            sup,
            ChildSpec.of(
                () -> {
                  if (made.incrementAndGet() > 1) {
                    throw new IllegalStateException("no more workers");
                  }
                  return new Worker(new CopyOnWriteArrayList<>(), "w");
                }));
    w.tell(new Fail());
    StopReason.LinkDied gaveUp =
        assertInstanceOf(StopReason.LinkDied.class, sup.waitForShutdown().reason());
    StopReason.Panicked panicked = assertInstanceOf(StopReason.Panicked.class, gaveUp.reason());
    assertEquals(PanicSource.ON_START, panicked.source());
    assertEquals("no more workers", panicked.error().getMessage());
    assertEquals(3, made.get());
    assertEquals(gaveUp.reason(), w.waitForShutdown().reason());
  }

  @Test
  void a_factory_that_throws_on_spawn_fails_the_ask_and_leaves_the_supervisor_running() {
    ActorRef<Supervisor> sup = Supervisor.builder().spawn();
    SendException.HandlerFailed e =
        assertThrows(
            SendException.HandlerFailed.class,
            () ->
                Supervisor.spawnChild(
                    sup,
                    ChildSpec.<Worker>of(
                        () -> {
                          throw new IllegalStateException("no worker today");
                        })));
    assertEquals("no worker today", e.getCause().getMessage());
    assertTrue(sup.isAlive());
    assertEquals(1, spawnWorker(sup, new AtomicInteger()).ask(new Work(1)));
    stop(sup);
  }

  @Test
  void a_leaf_failure_in_a_three_level_tree_escalates_exactly_as_configured() {
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger leaves = new AtomicInteger();
    // mid allows one restart of its leaf; top allows one restart of mid, then gives up
    Supervisor.Builder mid =
        Supervisor.builder()
            .maxRestarts(1, Duration.ofMinutes(1))
            .child(worker(log, "leaf", leaves));
    ActorRef<Supervisor> top = Supervisor.builder().maxRestarts(1, Duration.ofMinutes(1)).spawn();
    ActorRef<Watcher> watcher = Actor.spawn(new Watcher());
    watcher.link(top);
    ActorRef<Supervisor> midRef = Supervisor.spawnChild(top, ChildSpec.of(mid::build));
    ActorRef<Worker> leaf1 = workerAt(midRef, 0);

    leaf1.tell(new Fail()); // mid restarts the leaf in place
    assertEquals(0, leaf1.ask(new Count()));
    assertEquals(2, leaves.get());
    leaf1.tell(new Fail()); // past mid's limit: mid gives up, top restarts mid
    assertInstanceOf(StopReason.Panicked.class, leaf1.waitForShutdown().reason());
    await().atMost(WAIT).until(() -> leaves.get() == 3);
    ActorRef<Worker> leaf2 = workerAt(midRef, 0);
    assertNotEquals(leaf1.id(), leaf2.id()); // a restarted supervisor spawns its children anew
    assertTrue(midRef.isAlive());
    assertEquals(List.of(midRef), Supervisor.children(top));

    leaf2.tell(new Fail()); // mid restarts it
    assertEquals(0, leaf2.ask(new Count()));
    leaf2.tell(new Fail()); // mid gives up again; past top's limit: top gives up too
    StopReason.LinkDied topReason =
        assertInstanceOf(StopReason.LinkDied.class, top.waitForShutdown().reason());
    assertEquals(midRef.id(), topReason.id());
    StopReason.LinkDied midReason = assertInstanceOf(StopReason.LinkDied.class, topReason.reason());
    assertEquals(leaf2.id(), midReason.id());
    assertInstanceOf(StopReason.Panicked.class, midReason.reason());
    assertEquals(midReason, midRef.waitForShutdown().reason());
    assertEquals(List.of(top.id() + " " + topReason), watcher.ask(new Events()));
    assertEquals(4, leaves.get());
    watcher.stopGracefully();
  }

  // -----------------------------------------------------------------------------------------------
  // Stopping the supervisor

  @Test
  void stopping_a_supervisor_stops_its_children_in_reverse_start_order_and_waits_for_each() {
    List<String> log = new CopyOnWriteArrayList<>();
    ActorRef<Supervisor> sup =
        Supervisor.builder()
            .child(worker(log, "a", new AtomicInteger()))
            .child(worker(log, "b", new AtomicInteger()))
            .spawn();
    ActorRef<Worker> c = Supervisor.spawnChild(sup, worker(log, "c", new AtomicInteger()));
    List<ActorRef<?>> children = Supervisor.children(sup);
    children.forEach(ActorRef::waitForStartup);
    assertEquals(3, children.size());
    sup.stopGracefully();
    assertEquals(StopReason.NORMAL, sup.waitForShutdown().reason());
    for (ActorRef<?> child : children) {
      assertTrue(child.shutdown().toCompletableFuture().isDone()); // each was waited for
    }
    // the three start concurrently; they stop one after the other, last started first
    assertEquals(
        java.util.Set.of("a:start", "b:start", "c:start"), java.util.Set.copyOf(log.subList(0, 3)));
    assertEquals(List.of("c:stop", "b:stop", "a:stop"), log.subList(3, log.size()));
    assertFalse(c.isAlive());
  }

  @Test
  void a_child_waiting_in_its_backoff_stops_at_once_when_the_supervisor_stops() throws Exception {
    ActorRef<Supervisor> sup =
        Supervisor.builder().backoff(Duration.ofHours(1), Duration.ofHours(1)).spawn();
    ActorRef<Worker> w = spawnWorker(sup, new AtomicInteger());
    w.tell(new Fail());
    CompletableFuture<Integer> queued = w.askAsync(new Work(1)); // queued behind the failure
    sup.stopGracefully();
    sup.waitForShutdown(); // does not wait the hour
    assertInstanceOf(StopReason.Panicked.class, w.waitForShutdown().reason());
    Throwable cause =
        assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> queued.get(10, TimeUnit.SECONDS))
            .getCause();
    assertInstanceOf(SendException.ActorStopped.class, cause); // queued, never handled, answered
  }
}
