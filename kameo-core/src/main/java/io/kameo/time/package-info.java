/**
 * Timers: tell an actor a message after a delay, at a fixed rate, or with a fixed delay, on a
 * {@link io.kameo.time.Clock} that tests can replace with a manual one.
 */
package io.kameo.time;
