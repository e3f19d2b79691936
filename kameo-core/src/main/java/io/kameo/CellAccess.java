package io.kameo;

import io.kameo.internal.ActorInternals;

/** The runtime access that {@link ActorInternals} hands to the other packages of this module. */
final class CellAccess implements ActorInternals.Access {
  @Override
  public boolean addStopHook(ActorRef<?> ref, Runnable hook) {
    ActorCell<?> cell = ref.cell();
    return cell != null && cell.addStopHook(hook);
  }

  @Override
  public void removeStopHook(ActorRef<?> ref, Runnable hook) {
    ActorCell<?> cell = ref.cell();
    if (cell != null) {
      cell.removeStopHook(hook);
    }
  }

  @Override
  public boolean hasStopped(ActorRef<?> ref) {
    ActorCell<?> cell = ref.cell();
    return cell == null || cell.hasStopped();
  }

  @Override
  public int mailboxCapacity(ActorRef<?> ref) {
    ActorCell<?> cell = ref.cell();
    return cell == null ? -1 : cell.mailboxCapacity();
  }

  @Override
  public void checkHandled(ActorRef<?> ref, Object message) {
    ref.live(message).checkHandled(message);
  }
}
