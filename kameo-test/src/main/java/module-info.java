/**
 * The Kameo test kit: a JUnit 5 extension that gives each test an {@link
 * io.kameo.test.ActorTestKit}, stops the actors it spawned after the test and fails the test if one
 * does not stop or panicked unexpectedly; {@link io.kameo.test.TestProbe}s that record messages
 * with bounded expectations; assertions on stop reasons; a {@link io.kameo.test.ManualClock} for
 * timers.
 *
 * <p>{@link io.kameo.test} is the API; {@code io.kameo.test.internal} is not exported.
 */
module io.kameo.test {
  requires transitive io.kameo.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.opentest4j;

  exports io.kameo.test;
}
