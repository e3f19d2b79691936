package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a stop keeps and what it lets go: accepted messages, hooks in pairs, the actor's state. */
class StopEdgesTest {

  record Seq(int sender, long n) implements Message<Tally, Long> {}

  /** Counts what it handled per sender and collects dead letters. */
  static final class Tally implements Actor<Tally> {
    final long[] handled = new long[8];
    final Queue<Object> deadLetters = new ConcurrentLinkedQueue<>();

    @Handler
    long seq(Seq msg) {
      return ++handled[msg.sender()];
    }

    @Override
    public void onDeadLetter(Object message) {
      deadLetters.add(message);
    }
  }

  /**
   * Senders race stopGracefully(): every send that returned normally is handled, every other send
   * is refused with ActorNotRunning, and nothing is dead-lettered or answered ActorStopped. The
   * race is narrow (a sender must lose its CPU between its state check and its offer), so the test
   * oversubscribes the cores with platform senders and runs many rounds; {@code
   * -Dkameo.test.stopRaceRounds=N} runs longer.
   */
  @Test
  void a_send_accepted_before_a_graceful_stop_is_handled_and_a_late_one_is_refused()
      throws Exception {
    int senders = 8;
    int rounds = Integer.getInteger("kameo.test.stopRaceRounds", 600);
    for (int round = 0; round < rounds; round++) {
      Tally state = new Tally();
      Mailbox mailbox = (round & 1) == 0 ? Mailbox.unbounded() : Mailbox.bounded(4);
      ActorRef<Tally> actor = Actor.builder(state).mailbox(mailbox).spawn();
      AtomicLong[] accepted = new AtomicLong[senders];
      List<CompletableFuture<Long>> asks = new CopyOnWriteArrayList<>();
      List<Throwable> wrongRefusals = new CopyOnWriteArrayList<>();
      CountDownLatch running = new CountDownLatch(senders);
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int sender = s;
        accepted[s] = new AtomicLong();
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      running.countDown();
                      for (long n = 0; ; n++) {
                        Seq msg = new Seq(sender, n);
                        try {
                          if ((n & 3) == 3) {
                            CompletableFuture<Long> reply = actor.askAsync(msg);
                            if (reply.isCompletedExceptionally()) {
                              Throwable cause = reply.exceptionNow();
                              if (!(cause instanceof SendException.ActorNotRunning)) {
                                wrongRefusals.add(cause);
                              }
                              return;
                            }
                            asks.add(reply);
                          } else {
                            actor.tell(msg);
                          }
                          accepted[sender].incrementAndGet();
                        } catch (SendException.ActorNotRunning e) {
                          return;
                        } catch (RuntimeException e) {
                          wrongRefusals.add(e);
                          return;
                        }
                      }
                    }));
      }
      running.await();
      long spin = ThreadLocalRandom.current().nextLong(5_000);
      for (long i = 0; i < spin; i++) {
        Thread.onSpinWait();
      }
      actor.stopGracefully();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
      actor.waitForShutdown();
      assertEquals(List.of(), wrongRefusals, "round " + round);
      assertEquals(List.of(), List.copyOf(state.deadLetters), "round " + round);
      for (int s = 0; s < senders; s++) {
        assertEquals(accepted[s].get(), state.handled[s], "round " + round + " sender " + s);
      }
      for (CompletableFuture<Long> ask : asks) {
        try {
          ask.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("round " + round + ": an accepted ask failed", e.getCause());
        }
      }
    }
  }

  record Ping() implements Message<Hooks, String> {}

  /** Records its hooks; sets up in onStart what onStop needs. */
  static class Hooks implements Actor<Hooks> {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile Object resource;

    @Handler
    String ping(Ping msg) {
      return "pong";
    }

    @Override
    public void onStart(ActorRef<Hooks> self) {
      resource = new Object();
      events.add("start");
    }

    @Override
    public void onStop(ActorRef<Hooks> self, StopReason reason) {
      events.add(resource == null ? "stop without start" : "stop");
    }
  }

  private static void stopRightAfterSpawnRunsOnStartFirst(boolean platformThread) {
    for (int i = 0; i < 200; i++) {
      Hooks state = new Hooks();
      ActorBuilder<Hooks> builder = Actor.builder(state);
      ActorRef<Hooks> actor = (platformThread ? builder.platformThread() : builder).spawn();
      actor.stopGracefully();
      ShutdownResult result = actor.waitForShutdown();
      assertTrue(result.reason().isNormal(), result.toString());
      assertEquals(List.of("start", "stop"), state.events, "run " + i);
    }
  }

  @Test
  void stop_gracefully_right_after_spawn_runs_on_start_before_on_stop_on_a_platform_thread() {
    stopRightAfterSpawnRunsOnStartFirst(true);
  }

  @Test
  void stop_gracefully_right_after_spawn_runs_on_start_before_on_stop_on_a_virtual_thread() {
    stopRightAfterSpawnRunsOnStartFirst(false);
  }

  @Test
  void kill_right_after_spawn_never_runs_on_stop_without_on_start() {
    for (boolean platform : new boolean[] {true, false}) {
      for (int i = 0; i < 200; i++) {
        Hooks state = new Hooks();
        ActorBuilder<Hooks> builder = Actor.builder(state);
        ActorRef<Hooks> actor = (platform ? builder.platformThread() : builder).spawn();
        actor.kill();
        assertEquals(StopReason.KILLED, actor.waitForShutdown().reason());
        List<String> events = state.events;
        assertTrue(
            events.equals(List.of()) || events.equals(List.of("start", "stop")),
            "platform " + platform + " run " + i + ": " + events);
      }
    }
  }

  /** Fails in onStart after setting up half of what onStop would clean. */
  static final class HalfStarted extends Hooks {
    @Override
    public void onStart(ActorRef<Hooks> self) {
      events.add("start");
      throw new IllegalStateException("no database");
    }
  }

  @Test
  void a_failed_on_start_is_reported_and_on_stop_does_not_run() {
    for (boolean platform : new boolean[] {true, false}) {
      HalfStarted state = new HalfStarted();
      ActorBuilder<Hooks> builder = Actor.builder((Hooks) state);
      ActorRef<Hooks> actor = (platform ? builder.platformThread() : builder).spawn();
      assertThrows(StartupFailedException.class, actor::waitForStartup);
      StopReason.Panicked panicked =
          assertInstanceOf(StopReason.Panicked.class, actor.waitForShutdown().reason());
      assertEquals(PanicSource.ON_START, panicked.source());
      assertEquals(List.of("start"), state.events);
    }
  }

  record Load() implements Message<Heavy, Integer> {}

  /** Holds a large state. */
  static final class Heavy implements Actor<Heavy> {
    final byte[] state = new byte[4 << 20];

    @Handler
    int load(Load msg) {
      return state.length;
    }
  }

  @Test
  void a_stopped_actor_releases_its_state_while_its_refs_are_held() throws Exception {
    List<ActorRef<Heavy>> refs = new ArrayList<>();
    List<WeakReference<Heavy>> states = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Heavy state = new Heavy();
      states.add(new WeakReference<>(state));
      ActorRef<Heavy> actor = Actor.spawn(state);
      assertEquals(4 << 20, actor.ask(new Load()));
      refs.add(actor);
    }
    refs.get(0).stopGracefully();
    refs.get(1).kill();
    refs.get(2).tell(new Load());
    refs.get(2).stopGracefully();
    for (ActorRef<Heavy> ref : refs.subList(0, 3)) {
      ref.waitForShutdown();
    }
    for (int gc = 0;
        gc < 50 && states.subList(0, 3).stream().anyMatch(w -> w.get() != null);
        gc++) {
      System.gc();
      Thread.sleep(10);
    }
    for (int i = 0; i < 3; i++) {
      assertNull(states.get(i).get(), "state of stopped actor " + i + " still reachable");
      assertFalse(refs.get(i).isAlive());
      ActorRef<Heavy> stopped = refs.get(i);
      assertThrows(SendException.ActorNotRunning.class, () -> stopped.tell(new Load()));
      assertThrows(SendException.ActorNotRunning.class, () -> stopped.tryTell(new Load()));
      assertInstanceOf(
          SendException.ActorNotRunning.class,
          assertThrows(ExecutionException.class, () -> stopped.askAsync(new Load()).get())
              .getCause());
    }
    assertEquals(4 << 20, refs.get(3).ask(new Load()), "the live actor keeps its state");
  }
}
