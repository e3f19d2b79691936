package io.kameo;

/** Which children a {@link Supervisor} restarts when one of them fails and is to be restarted. */
public enum SupervisionStrategy {
  /** Only the failed child (the default). */
  ONE_FOR_ONE,

  /**
   * Every child: the others end their incarnations in reverse start order, then all start again in
   * start order.
   */
  ONE_FOR_ALL,

  /**
   * The failed child and every child started after it: those end in reverse start order, then all
   * of them start again in start order.
   */
  REST_FOR_ONE
}
