package io.kameo.micrometer;

import io.kameo.spi.ActorObserver;
import io.kameo.spi.ActorProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The observer a binding installs: one {@link ClassMeters} per actor class, and remote meters. */
final class MeterObserver implements ActorObserver {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Class<?>, ClassMeters> classes = new ConcurrentHashMap<>();
  private final Counter bytesSent;
  private final Counter bytesReceived;
  private final AtomicLong connectedPeers = new AtomicLong();

  MeterObserver(MeterRegistry registry) {
    this.registry = registry;
    this.bytesSent = remoteBytes(registry, "sent");
    this.bytesReceived = remoteBytes(registry, "received");
    Gauge.builder("kameo.remote.connections", connectedPeers, AtomicLong::get)
        .description("Peers the swarms' hosts have a connection to")
        .register(registry);
  }

  private static Counter remoteBytes(MeterRegistry registry, String direction) {
    return Counter.builder("kameo.remote.bytes")
        .description("Bytes of the remote actor protocol written to or read from peers")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
  }

  @Override
  public ActorProbe spawned(Class<?> actorClass) {
    ClassMeters meters = classes.computeIfAbsent(actorClass, c -> new ClassMeters(registry, c));
    meters.spawned();
    return meters;
  }

  @Override
  public void remoteBytesSent(int bytes) {
    bytesSent.increment(bytes);
  }

  @Override
  public void remoteBytesReceived(int bytes) {
    bytesReceived.increment(bytes);
  }

  @Override
  public void peerConnected() {
    connectedPeers.incrementAndGet();
  }

  @Override
  public void peerDisconnected() {
    connectedPeers.decrementAndGet();
  }
}
