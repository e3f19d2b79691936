package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kameo.ActorRef;
import io.kameo.StopReason;
import io.kameo.test.TestActors.Block;
import io.kameo.test.TestActors.Blocker;
import io.kameo.test.TestActors.Crash;
import io.kameo.test.TestActors.Fragile;
import io.kameo.test.TestActors.Sensor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * The extension fails a test that leaves an actor running or panicked, and passes one that cleans
 * up or declared the panic: each case is a test class run through JUnit's EngineTestKit.
 */
class KameoExtensionTest {

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(EngineRunOnly.PARAMETER, "true")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  private static Throwable onlyFailure(Events events) {
    events.assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
    return events.failed().stream()
        .findFirst()
        .orElseThrow()
        .getRequiredPayload(TestExecutionResult.class)
        .getThrowable()
        .orElseThrow();
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class LeavesAPanickedActor {
    @Test
    void crashes_an_actor(ActorTestKit kit) {
      kit.spawn(new Fragile()).tell(new Crash("boom"));
    }
  }

  @Test
  void a_test_that_leaves_a_panicked_actor_fails() {
    Throwable failure = onlyFailure(run(LeavesAPanickedActor.class));
    assertInstanceOf(AssertionFailedError.class, failure);
    assertTrue(
        failure.getMessage().startsWith("1 actor of this test ended badly:"), failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                " panicked unexpectedly: Panicked(HANDLER, java.lang.IllegalStateException: boom)"),
        failure.getMessage());
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class ExpectsThePanic {
    @Test
    void crashes_an_actor_and_says_so(ActorTestKit kit) {
      ActorRef<Fragile> fragile = kit.spawn(new Fragile());
      fragile.tell(new Crash("boom"));
      kit.expectStopped(fragile, StopReason.Panicked.class);
    }
  }

  @Test
  void a_test_that_expected_the_panic_passes() {
    run(ExpectsThePanic.class).assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  @ExtendWith(EngineRunOnly.class)
  static class LeavesABlockedActor {
    @RegisterExtension
    static final KameoExtension KAMEO =
        KameoExtension.withSettings(
            TestKitSettings.defaults().withStopTimeout(Duration.ofMillis(200)));

    @Test
    void blocks_an_actor_forever(ActorTestKit kit) throws InterruptedException {
      CountDownLatch entered = new CountDownLatch(1);
      kit.spawn(new Blocker()).tell(new Block(entered, new CountDownLatch(1)));
      entered.await();
    }
  }

  @Test
  void a_test_that_leaves_an_actor_that_does_not_stop_fails() {
    Throwable failure = onlyFailure(run(LeavesABlockedActor.class));
    assertTrue(
        failure.getMessage().endsWith(" did not stop within 200ms of stopGracefully (killed)"),
        failure.getMessage());
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class CleansUp {
    static final List<ActorRef<?>> SPAWNED = new CopyOnWriteArrayList<>();
    private ActorTestKit fromBeforeEach;

    @BeforeEach
    void setUp(ActorTestKit kit) {
      fromBeforeEach = kit;
    }

    @Test
    void spawns_and_leaves_actors_running(ActorTestKit kit) {
      assertSame(fromBeforeEach, kit, "one kit per test");
      SPAWNED.add(kit.spawn(new Sensor()));
      SPAWNED.add(kit.spawn(new Fragile()));
    }
  }

  @Test
  void a_clean_test_passes_and_its_actors_are_stopped_after_it() {
    CleansUp.SPAWNED.clear();
    run(CleansUp.class).assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    assertEquals(2, CleansUp.SPAWNED.size());
    CleansUp.SPAWNED.forEach(ref -> assertFalse(ref.isAlive(), ref + " still alive"));
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class HasANestedClass {
    @Nested
    class Inner {
      @Test
      void crashes_an_actor(ActorTestKit kit) {
        kit.spawn(new Fragile()).tell(new Crash("boom"));
      }
    }
  }

  @Test
  void a_nested_test_class_gets_a_kit_and_the_same_check() {
    Throwable failure = onlyFailure(run(HasANestedClass.class));
    assertTrue(failure.getMessage().contains(" panicked unexpectedly: "), failure.getMessage());
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class FailsAndLeavesAPanic {
    @Test
    void fails_on_its_own(ActorTestKit kit) {
      kit.spawn(new Fragile()).tell(new Crash("boom"));
      throw new AssertionFailedError("the test's own failure");
    }
  }

  @Test
  void a_test_that_failed_on_its_own_keeps_its_failure_with_the_kits_report_suppressed() {
    Throwable failure = onlyFailure(run(FailsAndLeavesAPanic.class));
    assertEquals("the test's own failure", failure.getMessage());
    assertEquals(1, failure.getSuppressed().length);
    assertTrue(
        failure.getSuppressed()[0].getMessage().startsWith("1 actor of this test ended badly:"),
        failure.getSuppressed()[0].getMessage());
  }

  @ExtendWith({EngineRunOnly.class, KameoExtension.class})
  static class AsksForAKitInBeforeAll {
    @BeforeAll
    static void setUpAll(ActorTestKit kit) {}

    @Test
    void never_runs() {}
  }

  @Test
  void a_kit_asked_for_outside_a_test_method_is_refused_with_why() {
    Throwable failure =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(EngineRunOnly.PARAMETER, "true")
            .selectors(selectClass(AsksForAKitInBeforeAll.class))
            .execute()
            .containerEvents()
            .failed()
            .stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertInstanceOf(ParameterResolutionException.class, failure);
    assertTrue(
        failure.getMessage().startsWith("an ActorTestKit lives for one test"),
        failure.getMessage());
  }
}
