package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  record Note(String text) implements Message<Recorder, Void> {}

  record Notes() implements Message<Recorder, List<String>> {}

  record Hold(CountDownLatch entered, CountDownLatch release) implements Message<Recorder, Void> {}

  record Stop() implements Message<Recorder, String> {}

  /** Records everything that happens to it, hooks included. */
  static class Recorder implements Actor<Recorder> {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Object> deadLetters = new CopyOnWriteArrayList<>();
    volatile boolean onStopFinished;

    @Handler
    void note(Note msg) {
      events.add(msg.text());
    }

    @Handler
    List<String> notes(Notes msg) {
      return List.copyOf(events);
    }

    @Handler
    void hold(Hold msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
    }

    @Handler
    String stop(Stop msg, Context<Recorder, String> ctx) {
      ctx.stop();
      return "bye";
    }

    @Override
    public void onStop(ActorRef<Recorder> self, StopReason reason) throws Exception {
      events.add("stop:" + reason.getClass().getSimpleName());
      onStopFinished = true;
    }

    @Override
    public void onDeadLetter(Object message) {
      deadLetters.add(message);
    }
  }

  static class StartsBySendingItself extends Recorder {
    @Override
    public void onStart(ActorRef<Recorder> self) throws Exception {
      self.tell(new Note("from onStart 1"));
      self.tell(new Note("from onStart 2"));
    }
  }

  @Test
  void messages_sent_to_itself_in_on_start_run_before_outside_messages() {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<Recorder> actor =
        Actor.spawn(
            new StartsBySendingItself() {
              @Override
              public void onStart(ActorRef<Recorder> self) throws Exception {
                release.await();
                super.onStart(self);
              }
            });
    actor.tell(new Note("outside"));
    release.countDown();
    assertEquals(List.of("from onStart 1", "from onStart 2", "outside"), actor.ask(new Notes()));
  }

  static final class FailsToStart extends Recorder {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onStart(ActorRef<Recorder> self) throws Exception {
      release.await();
      throw new IllegalStateException("no database");
    }
  }

  @Test
  void failed_on_start_is_observable_and_fails_queued_asks() throws Exception {
    FailsToStart state = new FailsToStart();
    ActorRef<Recorder> actor = Actor.spawn(state);
    CompletableFuture<List<String>> queued = actor.askAsync(new Notes());
    actor.tell(new Note("never handled"));
    state.release.countDown();

    StartupFailedException e = assertThrows(StartupFailedException.class, actor::waitForStartup);
    assertEquals("no database", e.getCause().getMessage());
    ExecutionException failed = assertThrows(ExecutionException.class, queued::get);
    SendException.ActorStopped stopped =
        assertInstanceOf(SendException.ActorStopped.class, failed.getCause());
    assertInstanceOf(Notes.class, stopped.message().orElseThrow());

    ShutdownResult result = actor.waitForShutdown();
    StopReason.Panicked panicked = assertInstanceOf(StopReason.Panicked.class, result.reason());
    assertEquals(PanicSource.ON_START, panicked.source());
    assertTrue(state.events.isEmpty() || state.events.equals(List.of("stop:Panicked")));
    assertEquals(List.of(new Note("never handled")), state.deadLetters);
  }

  @Test
  void stop_gracefully_handles_queued_messages_then_refuses_new_ones() throws Exception {
    Recorder state = new Recorder();
    ActorRef<Recorder> actor = Actor.spawn(state);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Hold(entered, release));
    entered.await();
    actor.tell(new Note("queued 1"));
    CompletableFuture<List<String>> queuedAsk = actor.askAsync(new Notes());
    actor.tell(new Note("queued 2"));

    actor.stopGracefully();
    Note late = new Note("late");
    SendException.ActorNotRunning refused =
        assertThrows(SendException.ActorNotRunning.class, () -> actor.tell(late));
    assertSame(late, refused.message().orElseThrow());

    release.countDown();
    assertEquals(List.of("queued 1"), queuedAsk.get(10, TimeUnit.SECONDS));
    ShutdownResult result = actor.waitForShutdown();
    assertEquals(StopReason.NORMAL, result.reason());
    assertEquals(List.of("queued 1", "queued 2", "stop:Normal"), state.events);
    assertTrue(state.deadLetters.isEmpty());
  }

  @Test
  void wait_for_shutdown_returns_only_after_on_stop_finished() {
    CountDownLatch inOnStop = new CountDownLatch(1);
    CountDownLatch releaseOnStop = new CountDownLatch(1);
    Recorder state =
        new Recorder() {
          @Override
          public void onStop(ActorRef<Recorder> self, StopReason reason) throws Exception {
            inOnStop.countDown();
            releaseOnStop.await();
            super.onStop(self, reason);
          }
        };
    ActorRef<Recorder> actor = Actor.spawn(state);
    actor.stopGracefully();
    CompletableFuture<ShutdownResult> waiter =
        CompletableFuture.supplyAsync(actor::waitForShutdown);
    try {
      assertTrue(inOnStop.await(10, TimeUnit.SECONDS));
      assertFalse(waiter.isDone());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      releaseOnStop.countDown();
    }
    waiter.join();
    assertTrue(state.onStopFinished);
  }

  @Test
  void kill_interrupts_the_handler_runs_on_stop_and_dead_letters_queued_tells() throws Exception {
    Recorder state = new Recorder();
    ActorRef<Recorder> actor = Actor.spawn(state);
    CountDownLatch entered = new CountDownLatch(1);
    CompletableFuture<Void> blocked = actor.askAsync(new Hold(entered, new CountDownLatch(1)));
    entered.await();
    actor.tell(new Note("queued"));
    CompletableFuture<List<String>> queuedAsk = actor.askAsync(new Notes());

    actor.kill();
    ShutdownResult result = actor.waitForShutdown();

    assertEquals(StopReason.KILLED, result.reason());
    assertEquals(List.of("stop:Killed"), state.events);
    assertEquals(List.of(new Note("queued")), state.deadLetters);
    assertInstanceOf(
        SendException.ActorStopped.class,
        assertThrows(ExecutionException.class, blocked::get).getCause());
    SendException.ActorStopped stopped =
        assertInstanceOf(
            SendException.ActorStopped.class,
            assertThrows(ExecutionException.class, queuedAsk::get).getCause());
    assertEquals(StopReason.KILLED, stopped.reason());
    assertInstanceOf(Notes.class, stopped.message().orElseThrow());
  }

  @Test
  void on_stop_failure_is_reported_not_swallowed() {
    IllegalStateException failure = new IllegalStateException("flush failed");
    ActorRef<Recorder> actor =
        Actor.spawn(
            new Recorder() {
              @Override
              public void onStop(ActorRef<Recorder> self, StopReason reason) {
                throw failure;
              }
            });
    actor.stopGracefully();
    ShutdownResult result = actor.waitForShutdown();
    assertEquals(StopReason.NORMAL, result.reason());
    assertSame(failure, result.onStopFailure().orElseThrow());
  }

  @Test
  void context_stop_replies_then_stops_and_fails_later_asks() throws Exception {
    Recorder state = new Recorder();
    ActorRef<Recorder> actor = Actor.spawn(state);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    actor.tell(new Hold(entered, release));
    entered.await();
    CompletableFuture<String> stop = actor.askAsync(new Stop());
    CompletableFuture<List<String>> after = actor.askAsync(new Notes());
    release.countDown();
    assertEquals("bye", stop.get(10, TimeUnit.SECONDS));
    assertInstanceOf(
        SendException.ActorStopped.class,
        assertThrows(ExecutionException.class, after::get).getCause());
    assertEquals(StopReason.NORMAL, actor.waitForShutdown().reason());
  }

  @Test
  void sending_to_a_stopped_actor_hands_the_message_back() {
    ActorRef<Recorder> actor = Actor.spawn(new Recorder());
    actor.stopGracefully();
    actor.waitForShutdown();
    Note note = new Note("x");
    assertSame(
        note,
        assertThrows(SendException.ActorNotRunning.class, () -> actor.tell(note))
            .message()
            .orElseThrow());
    assertThrows(SendException.ActorNotRunning.class, () -> actor.ask(new Notes()));
    assertThrows(SendException.ActorNotRunning.class, () -> actor.tryTell(note));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> actor.askAsync(new Notes()).get());
    assertInstanceOf(SendException.ActorNotRunning.class, e.getCause());
  }

  @Test
  void actor_runs_on_a_virtual_thread_named_after_it() {
    ActorRef<ThreadReporter> actor = Actor.builder(new ThreadReporter()).name("reporter").spawn();
    Thread thread = actor.ask(new WhichThread());
    assertTrue(thread.isVirtual());
    assertEquals("reporter-" + actor.id(), thread.getName());
    assertEquals("reporter", actor.name());
  }

  @Test
  void platform_thread_option_runs_the_actor_on_a_platform_thread() {
    ActorRef<ThreadReporter> actor = Actor.builder(new ThreadReporter()).platformThread().spawn();
    Thread thread = actor.ask(new WhichThread());
    assertFalse(thread.isVirtual());
    actor.stopGracefully();
    actor.waitForShutdown();
  }

  @Test
  void mdc_holds_the_actor_id_and_name_while_a_handler_runs() {
    ActorRef<ThreadReporter> actor = Actor.builder(new ThreadReporter()).name("mdc").spawn();
    assertEquals(actor.id() + "/mdc", actor.ask(new Mdc()));
  }

  record WhichThread() implements Message<ThreadReporter, Thread> {}

  record Mdc() implements Message<ThreadReporter, String> {}

  static final class ThreadReporter implements Actor<ThreadReporter> {
    @Handler
    Thread which(WhichThread msg) {
      return Thread.currentThread();
    }

    @Handler
    String mdc(Mdc msg) {
      return org.slf4j.MDC.get("actor.id") + "/" + org.slf4j.MDC.get("actor.name");
    }
  }
}
