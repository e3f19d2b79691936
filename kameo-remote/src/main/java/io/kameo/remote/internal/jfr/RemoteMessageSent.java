package io.kameo.remote.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * INTERNAL API. A JFR event: an envelope to a remote actor was queued on its connection. Emitted
 * only while a recording has it enabled (the caller checks {@link #isEnabled()} first, so it costs
 * a flag test otherwise).
 */
@Name("io.kameo.remote.MessageSent")
@Label("Remote Message Sent")
@Category({"Kameo", "Remote"})
@Description("An envelope to a remote actor was queued on its connection")
@StackTrace(false)
public final class RemoteMessageSent extends RemoteMessageEvent {
  /** Whether the sender waits for a reply. */
  @Label("Ask")
  public boolean ask;

  /** The size of the serialized message. */
  @Label("Payload Bytes")
  @DataAmount
  public long payloadBytes;
}
