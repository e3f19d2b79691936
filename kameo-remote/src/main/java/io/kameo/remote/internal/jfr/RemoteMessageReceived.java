package io.kameo.remote.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * INTERNAL API. A JFR event: an envelope from a peer was read and handed to the local actor's
 * dispatch. Emitted only while a recording has it enabled.
 */
@Name("io.kameo.remote.MessageReceived")
@Label("Remote Message Received")
@Category({"Kameo", "Remote"})
@Description("An envelope from a peer was read and handed to the local actor")
@StackTrace(false)
public final class RemoteMessageReceived extends RemoteMessageEvent {
  /** The size of the serialized message. */
  @Label("Payload Bytes")
  @DataAmount
  public long payloadBytes;
}
