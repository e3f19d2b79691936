package io.kameo.benchmarks.remote.pair;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Props;

/** The Pekko side's remote actor (classic): the same three messages as {@link KameoSink}. */
final class PekkoSink extends AbstractActor {
  private final Ledger ledger = new Ledger();

  static Props props() {
    return Props.create(PekkoSink.class, PekkoSink::new);
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Tick.class, ledger::tick)
        .match(Count.class, c -> getSender().tell(ledger.count(), getSelf()))
        .match(Ping.class, p -> getSender().tell(Ping.expectedReply(p), getSelf()))
        .build();
  }
}
