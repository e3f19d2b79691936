package io.kameo.benchmarks.remote.pair;

import io.kameo.Actor;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;

/** The Kameo side's remote actor: counts {@link Tick}s, answers {@link Count} and {@link Ping}. */
@RemoteActor("kameo.benchmarks.pair.Sink")
public final class KameoSink implements Actor<KameoSink> {
  private final Ledger ledger = new Ledger();

  @Handler
  @RemoteMessage("8f3a2c1e-5d47-4b9a-a0e6-2c7d9b1f4e01")
  void tick(Tick tick) {
    ledger.tick(tick);
  }

  @Handler
  @RemoteMessage("8f3a2c1e-5d47-4b9a-a0e6-2c7d9b1f4e02")
  long count(Count count) {
    return ledger.count();
  }

  @Handler
  @RemoteMessage("8f3a2c1e-5d47-4b9a-a0e6-2c7d9b1f4e03")
  long ping(Ping ping) {
    return Ping.expectedReply(ping);
  }
}
