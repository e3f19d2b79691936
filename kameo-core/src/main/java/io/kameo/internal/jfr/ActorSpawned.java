package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * INTERNAL API. A JFR event: an actor was spawned. Emitted only while a recording has it enabled.
 */
@Name("io.kameo.ActorSpawned")
@Label("Actor Spawned")
@Description("An actor was spawned")
public final class ActorSpawned extends ActorEvent {}
