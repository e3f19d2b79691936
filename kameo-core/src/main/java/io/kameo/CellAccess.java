package io.kameo;

import io.kameo.internal.ActorInternals;

/** The runtime access that {@link ActorInternals} hands to the other packages of this module. */
final class CellAccess implements ActorInternals.Access {
  @Override
  public boolean addStopHook(Object ref, Runnable hook) {
    ActorCell<?> cell = cell(ref);
    return cell != null && cell.addStopHook(hook);
  }

  @Override
  public void removeStopHook(Object ref, Runnable hook) {
    ActorCell<?> cell = cell(ref);
    if (cell != null) {
      cell.removeStopHook(hook);
    }
  }

  @Override
  public boolean hasStopped(Object ref) {
    ActorCell<?> cell = cell(ref);
    return cell == null || cell.hasStopped();
  }

  @Override
  public int mailboxCapacity(Object ref) {
    ActorCell<?> cell = cell(ref);
    return cell == null ? -1 : cell.mailboxCapacity();
  }

  @Override
  public void checkHandled(Object ref, Object message) {
    ((ActorRef<?>) ref).live(message).checkHandled(message);
  }

  private static ActorCell<?> cell(Object ref) {
    return ((ActorRef<?>) ref).cell();
  }
}
