package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mistakes that used to go unnoticed or deadlock now fail at once with a clear error. */
class MisuseTest {

  record Get() implements Message<Misused, String> {}

  record StoreContext() implements Message<Misused, Void> {}

  record UseContextFromAnotherThread() implements Message<Misused, Throwable> {}

  record WaitForOwnShutdown() implements Message<Misused, Throwable> {}

  record GetOwnAsyncReply() implements Message<Misused, Throwable> {}

  /** Does what the rules forbid, and reports what happened. */
  static final class Misused implements Actor<Misused> {
    final List<Throwable> inOnStop = new CopyOnWriteArrayList<>();
    volatile Context<Misused, ?> stored;

    @Handler
    String get(Get msg) {
      return "ok";
    }

    @Handler
    void store(StoreContext msg, Context<Misused, Void> ctx) {
      stored = ctx;
    }

    @Handler
    Throwable fromAnotherThread(UseContextFromAnotherThread msg, Context<Misused, Throwable> ctx)
        throws Exception {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  ctx.stop();
                  thrown.complete(null);
                } catch (RuntimeException e) {
                  thrown.complete(e);
                }
              });
      return thrown.get(10, TimeUnit.SECONDS);
    }

    @Handler
    Throwable waitForOwnShutdown(WaitForOwnShutdown msg, Context<Misused, Throwable> ctx) {
      try {
        ctx.self().waitForShutdown();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }

    @Handler
    Throwable getOwnAsyncReply(GetOwnAsyncReply msg, Context<Misused, Throwable> ctx) {
      try {
        ctx.self().askAsync(new Get()).get(30, TimeUnit.SECONDS);
        return null;
      } catch (Exception e) {
        return e;
      }
    }

    @Override
    public void onStop(ActorRef<Misused> self, StopReason reason) {
      try {
        stored.isAsk();
      } catch (RuntimeException e) {
        inOnStop.add(e);
      }
      try {
        self.waitForShutdown();
      } catch (RuntimeException e) {
        inOnStop.add(e);
      }
    }
  }

  @Test
  void spawning_one_instance_twice_is_refused_naming_the_actor() {
    Misused state = new Misused();
    ActorRef<Misused> first = Actor.builder(state).name("twice").spawn();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Actor.builder(state).name("twice").spawn());
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    assertTrue(e.getMessage().contains(Misused.class.getName()), e.getMessage());
    assertEquals("ok", first.ask(new Get()), "the first actor is unaffected");
  }

  @Test
  void an_instance_whose_actor_stopped_can_be_spawned_again() {
    Misused state = new Misused();
    ActorRef<Misused> first = Actor.spawn(state);
    first.tell(new StoreContext());
    first.stopGracefully();
    first.waitForShutdown();
    ActorRef<Misused> second = Actor.spawn(state);
    assertEquals("ok", second.ask(new Get()));
  }

  @Test
  void a_context_used_from_another_thread_fails_fast() {
    ActorRef<Misused> actor = Actor.spawn(new Misused());
    Throwable thrown = actor.ask(new UseContextFromAnotherThread());
    assertInstanceOf(IllegalStateException.class, thrown);
    assertTrue(thrown.getMessage().contains("valid only"), thrown.getMessage());
    assertTrue(actor.isAlive(), "the misused stop() did nothing");
    assertEquals("ok", actor.ask(new Get()));
  }

  @Test
  void a_context_used_after_its_handler_returned_fails_fast() throws Exception {
    Misused state = new Misused();
    ActorRef<Misused> actor = Actor.spawn(state);
    actor.tell(new StoreContext());
    assertEquals("ok", actor.ask(new Get()));
    assertThrows(IllegalStateException.class, () -> state.stored.stop());
    assertThrows(IllegalStateException.class, () -> state.stored.delegate());
    assertTrue(actor.isAlive());
    actor.stopGracefully();
    actor.waitForShutdown();
    assertInstanceOf(IllegalStateException.class, state.inOnStop.get(0), "context in onStop");
  }

  @Test
  void wait_for_shutdown_from_the_actors_own_thread_throws_at_once() {
    Misused state = new Misused();
    ActorRef<Misused> actor = Actor.spawn(state);
    Throwable thrown =
        actor.request(new WaitForOwnShutdown()).replyTimeout(Duration.ofSeconds(10)).send();
    assertInstanceOf(IllegalStateException.class, thrown);
    assertTrue(thrown.getMessage().contains("deadlock"), thrown.getMessage());
    actor.tell(new StoreContext());
    actor.stopGracefully();
    actor.waitForShutdown();
    assertEquals(2, state.inOnStop.size(), state.inOnStop.toString());
    assertInstanceOf(
        IllegalStateException.class, state.inOnStop.get(1), "waitForShutdown in onStop");
  }

  @Test
  void getting_an_async_reply_from_itself_throws_at_once_instead_of_waiting_out_the_timeout() {
    ActorRef<Misused> actor = Actor.spawn(new Misused());
    Throwable thrown =
        actor.request(new GetOwnAsyncReply()).replyTimeout(Duration.ofSeconds(10)).send();
    assertInstanceOf(IllegalStateException.class, thrown);
    assertTrue(thrown.getMessage().contains("own reply"), thrown.getMessage());
  }

  /** Waits for its own startup inside onStart. */
  static final class WaitsForItself implements Actor<WaitsForItself> {
    volatile Throwable thrown;

    @Override
    public void onStart(ActorRef<WaitsForItself> self) {
      try {
        self.waitForStartup();
      } catch (RuntimeException e) {
        thrown = e;
      }
    }
  }

  @Test
  void wait_for_startup_inside_on_start_throws_at_once() {
    WaitsForItself state = new WaitsForItself();
    ActorRef<WaitsForItself> actor = Actor.spawn(state);
    actor.waitForStartup();
    assertInstanceOf(IllegalStateException.class, state.thrown);
  }
}
