package io.kameo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/** Names of local actors: exclusive, typed, and gone with the actor's final stop. */
class ActorRegistryTest {
  record Inc(long by) implements Message<Counter, Long> {}

  record Fail() implements Message<Counter, Void> {}

  static final class Counter implements Actor<Counter> {
    long count;

    @Handler
    long inc(Inc msg) {
      return count += msg.by();
    }

    @Handler
    void fail(Fail msg) {
      throw new IllegalStateException("asked to fail");
    }
  }

  record Ping() implements Message<Pinger, String> {}

  static final class Pinger implements Actor<Pinger> {
    @Handler
    String ping(Ping msg) {
      return "pong";
    }
  }

  private final ActorRegistry registry = ActorRegistry.create();

  @Test
  void a_registered_actor_is_found_by_name_with_its_type() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    registry.register(counter, "counter");

    Optional<ActorRef<Counter>> found = registry.lookup("counter", Counter.class);
    assertSame(counter, found.orElseThrow());
    assertEquals(3, found.get().ask(new Inc(3)));
    assertTrue(registry.lookup("nobody", Counter.class).isEmpty());
  }

  @Test
  void a_taken_name_is_an_error_and_the_holder_keeps_it() {
    ActorRef<Counter> first = Actor.spawn(new Counter());
    ActorRef<Counter> second = Actor.spawn(new Counter());
    registry.register(first, "counter");

    NameTakenException taken =
        assertThrows(NameTakenException.class, () -> registry.register(second, "counter"));
    assertEquals("counter", taken.name());
    assertEquals(first.id(), taken.holder());
    assertEquals("\"counter\" is registered to " + first, taken.getMessage());
    assertThrows(NameTakenException.class, () -> registry.register(first, "counter"));
    assertSame(first, registry.lookup("counter", Counter.class).orElseThrow());

    registry.register(first, "also-counter"); // one actor, two names
    assertSame(first, registry.lookup("also-counter", Counter.class).orElseThrow());
  }

  @Test
  void a_lookup_with_the_wrong_actor_class_names_both_classes() {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    registry.register(counter, "counter");

    ClassCastException wrong =
        assertThrows(ClassCastException.class, () -> registry.lookup("counter", Pinger.class));
    assertEquals(
        "\"counter\" is registered to "
            + counter
            + ", a "
            + Counter.class.getName()
            + ", not a "
            + Pinger.class.getName(),
        wrong.getMessage());
  }

  @Test
  void the_entry_disappears_when_the_actor_stops_however_it_stops() {
    ActorRef<Counter> graceful = Actor.spawn(new Counter());
    ActorRef<Counter> killed = Actor.spawn(new Counter());
    ActorRef<Counter> panicked = Actor.spawn(new Counter());
    registry.register(graceful, "graceful");
    registry.register(killed, "killed");
    registry.register(panicked, "panicked");
    assertEquals(3, registry.size());

    graceful.stopGracefully();
    killed.kill();
    panicked.tell(new Fail());
    for (ActorRef<Counter> ref : List.of(graceful, killed, panicked)) {
      ref.waitForShutdown();
    }
    assertEquals(0, registry.size(), "every entry went with its actor's stop");
    assertTrue(registry.lookup("graceful", Counter.class).isEmpty());
    assertTrue(registry.lookup("killed", Counter.class).isEmpty());
    assertTrue(registry.lookup("panicked", Pinger.class).isEmpty(), "a free name has no type");

    ActorRef<Pinger> next = Actor.spawn(new Pinger());
    registry.register(next, "graceful"); // free again, for an actor of another type too
    assertSame(next, registry.lookup("graceful", Pinger.class).orElseThrow());
  }

  @Test
  void unregister_frees_the_name_and_a_later_stop_leaves_the_new_holder_alone() {
    ActorRef<Counter> old = Actor.spawn(new Counter());
    registry.register(old, "counter");
    assertTrue(registry.unregister("counter"));
    assertFalse(registry.unregister("counter"));
    assertTrue(registry.lookup("counter", Counter.class).isEmpty());
    assertTrue(old.isAlive(), "unregistering does not stop the actor");

    ActorRef<Counter> holder = Actor.spawn(new Counter());
    registry.register(holder, "counter");
    old.stopGracefully();
    old.waitForShutdown();
    assertSame(holder, registry.lookup("counter", Counter.class).orElseThrow());
    assertEquals(1, registry.size());
  }

  @Test
  void a_stopped_actor_and_an_empty_name_are_refused() {
    ActorRef<Counter> stopped = Actor.spawn(new Counter());
    stopped.kill();
    stopped.waitForShutdown();
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> registry.register(stopped, "late"));
    assertFalse(refused instanceof NameTakenException);
    assertEquals(0, registry.size());

    ActorRef<Counter> live = Actor.spawn(new Counter());
    assertThrows(IllegalArgumentException.class, () -> registry.register(live, ""));
    assertThrows(NullPointerException.class, () -> registry.register(live, null));
    assertThrows(NullPointerException.class, () -> registry.lookup("x", null));
  }

  @Test
  void registries_are_independent_of_each_other_and_of_the_global_one() {
    ActorRef<Counter> a = Actor.spawn(new Counter());
    ActorRef<Counter> b = Actor.spawn(new Counter());
    String name = "registry-test-" + a.id();
    registry.register(a, name);
    ActorRegistry.global().register(b, name);

    assertSame(a, registry.lookup(name, Counter.class).orElseThrow());
    assertSame(b, ActorRegistry.global().lookup(name, Counter.class).orElseThrow());
    assertSame(ActorRegistry.global(), ActorRegistry.global());
    assertTrue(ActorRegistry.create().lookup(name, Counter.class).isEmpty());
    b.kill();
    b.waitForShutdown();
    assertTrue(ActorRegistry.global().lookup(name, Counter.class).isEmpty());
  }

  /**
   * Registrars race for a few names, stop their actors in random ways and publish each stopped
   * actor once waitForShutdown returned; lookers read the last published actor of a name and then
   * look the name up. A lookup must never return an actor whose stop finished before it began, and
   * of the registrars racing for a free name exactly one wins.
   */
  @Test
  void a_lookup_never_returns_an_actor_whose_stop_finished_before_the_lookup_began()
      throws Exception {
    int names = 3;
    int registrars = 3;
    int lookers = 2;
    int rounds = Integer.getInteger("kameo.test.registryRounds", 1_500);
    AtomicReferenceArray<ActorRef<Counter>> lastStopped = new AtomicReferenceArray<>(names);
    AtomicInteger[] holders = new AtomicInteger[names];
    for (int i = 0; i < names; i++) {
      holders[i] = new AtomicInteger();
    }
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger lookupsFound = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < registrars; r++) {
      threads.add(
          started(
              failures,
              start,
              random -> {
                for (int round = 0; round < rounds; round++) {
                  int n = random.nextInt(names);
                  String name = "name-" + n;
                  ActorRef<Counter> mine = Actor.spawn(new Counter());
                  boolean won;
                  try {
                    registry.register(mine, name);
                    won = true;
                  } catch (NameTakenException e) {
                    won = false;
                  }
                  if (won) {
                    wins.incrementAndGet();
                    if (holders[n].incrementAndGet() != 1) {
                      fail("two live holders of " + name);
                    }
                    if (registry.lookup(name, Counter.class).orElse(null) != mine) {
                      fail("the live holder of " + name + " was not found");
                    }
                    holders[n].decrementAndGet(); // before the stop, which frees the name
                  }
                  switch (random.nextInt(3)) {
                    case 0 -> mine.stopGracefully();
                    case 1 -> mine.kill();
                    default -> mine.tell(new Fail());
                  }
                  mine.waitForShutdown();
                  if (won) {
                    Optional<ActorRef<Counter>> after = registry.lookup(name, Counter.class);
                    if (after.isPresent() && after.get() == mine) {
                      fail("the stopped holder of " + name + " was found by its stopper");
                    }
                    lastStopped.set(n, mine);
                  }
                }
              }));
    }
    for (int l = 0; l < lookers; l++) {
      threads.add(
          started(
              failures,
              start,
              random -> {
                while (!done.get()) {
                  int n = random.nextInt(names);
                  ActorRef<Counter> stopped = lastStopped.get(n);
                  Optional<ActorRef<Counter>> found = registry.lookup("name-" + n, Counter.class);
                  if (found.isPresent()) {
                    lookupsFound.incrementAndGet();
                    if (found.get() == stopped) {
                      fail("found " + stopped + ", whose stop finished before the lookup");
                    }
                  }
                }
              }));
    }
    start.countDown();
    for (Thread t : threads.subList(0, registrars)) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    done.set(true);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(1));
      assertFalse(t.isAlive(), "a stress thread did not finish");
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " failures, first:", failures.get(0));
    }
    assertTrue(wins.get() > 0, "no registration ever won");
    assertTrue(lookupsFound.get() > 0, "the lookers never saw a live holder");
    assertEquals(0, registry.size(), "every entry went with its actor");
  }

  private interface Body {
    void run(ThreadLocalRandom random) throws Exception;
  }

  /** Starts a platform thread that waits for {@code start}, runs {@code body}, records failures. */
  private static Thread started(List<Throwable> failures, CountDownLatch start, Body body) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                start.await();
                body.run(ThreadLocalRandom.current());
              } catch (Throwable t) {
                failures.add(t);
              }
            });
  }
}
