package io.kameo.actors;

/** How a {@link Pool} picks the worker for each message. */
public enum Routing {
  /**
   * The worker with the fewest messages sent through the pool and not yet handled; ties go round
   * robin. Kameo's routing, and the default.
   */
  LEAST_BUSY,

  /** Each worker in turn. */
  ROUND_ROBIN
}
