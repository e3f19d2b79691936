/**
 * The Kameo test kit for JUnit 5.
 *
 * <ul>
 *   <li>{@link io.kameo.test.KameoExtension} gives each test an {@link io.kameo.test.ActorTestKit}
 *       and closes it after the test, failing the test if one of its actors did not stop or
 *       panicked unexpectedly;
 *   <li>{@link io.kameo.test.ActorTestKit} spawns and tracks actors, creates probes, and asserts
 *       stop reasons ({@link io.kameo.test.ActorTestKit#expectStopped});
 *   <li>{@link io.kameo.test.TestProbe} records messages, with bounded expectations;
 *   <li>{@link io.kameo.test.ManualClock} moves the time of {@link io.kameo.time.Timers} only when
 *       the test advances it;
 *   <li>{@link io.kameo.test.TestKitSettings} holds the default waits and the time factor.
 * </ul>
 */
package io.kameo.test;
