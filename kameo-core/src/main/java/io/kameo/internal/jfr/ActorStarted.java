package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * INTERNAL API. A JFR event: an actor's onStart returned and it takes messages. Emitted only while
 * a recording has it enabled.
 */
@Name("io.kameo.ActorStarted")
@Label("Actor Started")
@Description("An actor's onStart returned and it takes messages")
public final class ActorStarted extends ActorEvent {}
