package io.kameo.remote.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * INTERNAL API. A JFR event: a message to a remote actor was not handled: the receiving node
 * answered with an error ({@code RemoteSendException.Reason}), or the sender gave up waiting for
 * room ({@code MAILBOX_FULL}). Emitted only while a recording has it enabled.
 */
@Name("io.kameo.remote.MessageFailed")
@Label("Remote Message Failed")
@Category({"Kameo", "Remote"})
@Description("A message to a remote actor was not handled")
@StackTrace(false)
public final class RemoteMessageFailed extends RemoteMessageEvent {
  /** Why: the name of the {@code RemoteSendException.Reason}. */
  @Label("Reason")
  public String reason;

  /** What the failing side said. */
  @Label("Detail")
  public String detail;
}
