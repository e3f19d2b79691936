package io.kameo.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * INTERNAL API. A JFR duration event: a send found the actor's bounded mailbox full and waited for
 * room, recorded when it waited longer than the threshold (10 ms unless the recording's settings
 * say otherwise). Its duration is the wait.
 */
@Name("io.kameo.MailboxBlocked")
@Label("Mailbox Blocked")
@Description("A send waited for room in a full bounded mailbox")
@Threshold("10 ms")
public final class MailboxBlocked extends ActorEvent {
  /** The mailbox's capacity. */
  @Label("Capacity")
  public int capacity;

  /** How the wait ended: QUEUED, TIMED_OUT or CLOSED (the actor stopped). */
  @Label("Outcome")
  public String outcome;
}
