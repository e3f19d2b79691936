package io.kameo.remote.internal.jfr;

import jdk.jfr.Event;
import jdk.jfr.Label;

/** INTERNAL API. The fields the remote message events share: the peer, the actor, the request. */
public abstract class RemoteMessageEvent extends Event {
  /** The other node's peer id. */
  @Label("Peer")
  public String peer;

  /** The actor's id on the receiving node. */
  @Label("Actor Id")
  public long actorId;

  /** The request id the sender chose (answers carry it back). */
  @Label("Request Id")
  public long requestId;

  /** The actor's remote type id, or null where the event does not know it. */
  @Label("Actor Type")
  public String actorType;

  /** The handler's remote message id, or null where the event does not know it. */
  @Label("Message Id")
  public String messageId;

  RemoteMessageEvent() {}
}
