package io.kameo.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/** INTERNAL API. The fields the actor events share: which actor. */
@Category({"Kameo", "Actors"})
@StackTrace(false)
public abstract class ActorEvent extends Event {
  /** The actor's id in this process ({@code ActorId.sequence()}). */
  @Label("Actor Id")
  public long actorId;

  /** The actor's name ({@code Actor.name()}). */
  @Label("Actor Name")
  public String actorName;

  /** The actor's class. */
  @Label("Actor Class")
  public Class<?> actorClass;

  ActorEvent() {}
}
