package io.kameo.benchmarks.remote.pair;

/**
 * What a sink of either library knows about its ticks: how many came, and whether each came in
 * order (its {@code seq} the count so far). Confined to the sink's actor.
 */
final class Ledger {
  private long ticks;
  private boolean broken;

  void tick(Tick tick) {
    if (tick.seq() != ticks) {
      broken = true;
    }
    ticks++;
  }

  /** The reply to {@link Count}: the ticks so far, or -1 if one was missing, repeated or late. */
  long count() {
    return broken ? -1 : ticks;
  }
}
