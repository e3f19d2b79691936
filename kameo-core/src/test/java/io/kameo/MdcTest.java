package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.annotations.Handler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC holds the actor's id and name, and only them, in every handler and every hook. */
class MdcTest {

  record Put(String key) implements Message<Logging, Void> {}

  record Clear() implements Message<Logging, Void> {}

  record Replace() implements Message<Logging, Void> {}

  record Read() implements Message<Logging, Map<String, String>> {}

  record Boom() implements Message<Logging, Void> {}

  record Hold(CountDownLatch entered, CountDownLatch release) implements Message<Logging, Void> {}

  /** Changes the MDC when told to, and reports what each hook saw. */
  static final class Logging implements Actor<Logging> {
    final List<String> hooks = new CopyOnWriteArrayList<>();

    @Handler
    void put(Put msg) {
      MDC.put(msg.key(), "leaked");
    }

    @Handler
    void clear(Clear msg) {
      MDC.clear();
    }

    @Handler
    void replace(Replace msg) {
      MDC.setContextMap(Map.of("other.id", "1", "other.name", "someone else"));
    }

    @Handler
    Map<String, String> read(Read msg) {
      return MDC.getCopyOfContextMap();
    }

    @Handler
    void hold(Hold msg) throws InterruptedException {
      msg.entered().countDown();
      msg.release().await();
    }

    @Handler
    void boom(Boom msg) {
      MDC.put("during", "boom");
      throw new IllegalStateException("boom");
    }

    private void saw(String hook) {
      hooks.add(hook + "=" + new TreeMap<>(MDC.getCopyOfContextMap()));
    }

    @Override
    public void onStart(ActorRef<Logging> self) {
      saw("onStart");
      MDC.put("from", "onStart");
    }

    @Override
    public ControlFlow onPanic(ActorRef<Logging> self, Throwable error) {
      saw("onPanic");
      return ControlFlow.CONTINUE;
    }

    @Override
    public void onStop(ActorRef<Logging> self, StopReason reason) {
      saw("onStop");
      MDC.put("from", "onStop");
    }

    @Override
    public void onDeadLetter(Object message) {
      saw("onDeadLetter");
    }
  }

  @Test
  void a_key_one_handler_puts_does_not_leak_into_the_next() {
    ActorRef<Logging> actor = Actor.builder(new Logging()).name("mdc").spawn();
    Map<String, String> expected = Map.of("actor.id", actor.id().toString(), "actor.name", "mdc");
    assertEquals(expected, actor.ask(new Read()), "not what onStart put");
    actor.tell(new Put("request.id"));
    assertEquals(expected, actor.ask(new Read()));
  }

  @Test
  void after_a_handler_clears_the_mdc_the_next_still_sees_the_actor_id() {
    ActorRef<Logging> actor = Actor.builder(new Logging()).name("mdc").spawn();
    actor.tell(new Clear());
    assertEquals(
        Map.of("actor.id", actor.id().toString(), "actor.name", "mdc"), actor.ask(new Read()));
  }

  @Test
  void after_a_handler_replaces_the_mdc_the_next_sees_only_the_actors_keys() {
    ActorRef<Logging> actor = Actor.builder(new Logging()).name("mdc").spawn();
    actor.tell(new Replace());
    assertEquals(
        Map.of("actor.id", actor.id().toString(), "actor.name", "mdc"), actor.ask(new Read()));
  }

  @Test
  void every_hook_runs_with_the_actors_mdc() {
    Logging state = new Logging();
    ActorRef<Logging> actor = Actor.builder(state).name("hooks").spawn();
    actor.tell(new Boom());
    actor.ask(new Read());
    actor.kill();
    actor.waitForShutdown();
    Map<String, String> expected =
        new TreeMap<>(Map.of("actor.id", actor.id().toString(), "actor.name", "hooks"));
    assertEquals(
        List.of("onStart=" + expected, "onPanic=" + expected, "onStop=" + expected), state.hooks);
  }

  @Test
  void dead_letters_are_handed_over_with_the_actors_mdc() throws Exception {
    Logging state = new Logging();
    ActorRef<Logging> actor = Actor.builder(state).name("letters").spawn();
    CountDownLatch entered = new CountDownLatch(1);
    actor.tell(new Hold(entered, new CountDownLatch(1)));
    entered.await();
    actor.tell(new Put("queued behind the hold"));
    actor.kill();
    actor.waitForShutdown();
    Map<String, String> expected =
        new TreeMap<>(Map.of("actor.id", actor.id().toString(), "actor.name", "letters"));
    assertEquals(
        List.of("onStart=" + expected, "onStop=" + expected, "onDeadLetter=" + expected),
        state.hooks);
  }
}
