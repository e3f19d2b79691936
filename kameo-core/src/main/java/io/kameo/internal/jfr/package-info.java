/**
 * INTERNAL API. The JFR events of actors ({@code io.kameo.ActorSpawned}, {@code ActorStarted},
 * {@code ActorStopped}, {@code ActorPanicked}, {@code ActorRestarted}, and {@code MailboxBlocked}
 * for a send that waited for room longer than its threshold; category "Kameo / Actors"), for {@code
 * jcmd <pid> JFR.start} or JDK Mission Control. Each call site tests {@code isEnabled()} (or, for
 * the duration event, {@code shouldCommit()}) before it fills an event in, so a JVM that records
 * nothing pays a flag test, and none on the per-message path.
 */
package io.kameo.internal.jfr;
