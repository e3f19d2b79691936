package io.kameo.micrometer;

import io.kameo.StopReason;
import io.kameo.spi.ActorProbe;
import io.kameo.spi.AskFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one actor class, made when its first actor is spawned, and the probe all its actors
 * report to. Every meter is looked up once here, so a message costs no registry lookup.
 */
final class ClassMeters implements ActorProbe {
  private final MeterRegistry registry;
  private final String actor;
  private final AtomicLong alive = new AtomicLong();
  private final Counter handled;
  private final Timer handlerTime;
  private final DistributionSummary mailboxDepth;
  private final Map<AskFailure, Counter> askFailures = new EnumMap<>(AskFailure.class);

  ClassMeters(MeterRegistry registry, Class<?> actorClass) {
    this.registry = registry;
    this.actor = actorClass.getName();
    Gauge.builder("kameo.actors.alive", alive, AtomicLong::get)
        .description("Actors spawned and not yet stopped for good")
        .tag("actor", actor)
        .register(registry);
    handled =
        Counter.builder("kameo.messages.handled")
            .description("Messages whose handler returned or threw")
            .tag("actor", actor)
            .register(registry);
    handlerTime =
        Timer.builder("kameo.handler.duration")
            .description("How long handlers ran")
            .tag("actor", actor)
            .register(registry);
    mailboxDepth =
        DistributionSummary.builder("kameo.mailbox.depth")
            .description("Messages still queued when the actor took the next one")
            .baseUnit("messages")
            .tag("actor", actor)
            .register(registry);
    for (AskFailure reason : AskFailure.values()) {
      askFailures.put(
          reason,
          Counter.builder("kameo.asks.failed")
              .description("Asks that failed, by reason")
              .tag("actor", actor)
              .tag("reason", reason.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  void spawned() {
    alive.incrementAndGet();
  }

  @Override
  public void handled(long handlerNanos, long depth) {
    handled.increment();
    handlerTime.record(handlerNanos, TimeUnit.NANOSECONDS);
    mailboxDepth.record(depth);
  }

  @Override
  public void askFailed(AskFailure reason) {
    askFailures.get(reason).increment();
  }

  @Override
  public void stopped(StopReason reason) {
    alive.decrementAndGet();
    String tag =
        switch (reason) {
          case StopReason.Normal n -> "normal";
          case StopReason.Killed k -> "killed";
          case StopReason.Panicked p -> "panicked";
          case StopReason.LinkDied l -> "link_died";
          case StopReason.PeerDisconnected d -> "peer_disconnected";
        };
    // a registry lookup, but once per actor's life
    Counter.builder("kameo.actors.stopped")
        .description("Actors that stopped for good, by reason")
        .tag("actor", actor)
        .tag("reason", tag)
        .register(registry)
        .increment();
  }
}
