package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * INTERNAL API. A JFR event: a supervised actor's new instance replaced the failed one. Emitted
 * only while a recording has it enabled.
 */
@Name("io.kameo.ActorRestarted")
@Label("Actor Restarted")
@Description("A supervised actor's new instance replaced the failed one")
public final class ActorRestarted extends ActorEvent {}
