package io.kameo;

import java.util.Objects;

/**
 * Why an actor stopped: a closed set, matched with {@code switch}.
 *
 * <pre>{@code
 * switch (ref.waitForShutdown().reason()) {
 *   case StopReason.Normal n -> log.info("done");
 *   case StopReason.Killed k -> log.warn("killed");
 *   case StopReason.Panicked p -> log.error("failed in {}", p.source(), p.error());
 *   case StopReason.LinkDied l -> log.warn("linked actor {} died: {}", l.id(), l.reason());
 *   case StopReason.PeerDisconnected d -> log.warn("lost the node {}", d.peer());
 * }
 * }</pre>
 */
public sealed interface StopReason {
  /** The actor stopped normally: {@link ActorRef#stopGracefully}, or {@link Context#stop}. */
  StopReason NORMAL = new Normal();

  /** The actor was killed with {@link ActorRef#kill}. */
  StopReason KILLED = new Killed();

  /** Returns whether this is {@link #NORMAL}. */
  default boolean isNormal() {
    return this instanceof Normal;
  }

  /** The actor stopped normally. */
  record Normal() implements StopReason {
    @Override
    public String toString() {
      return "Normal";
    }
  }

  /** The actor was killed: its current handler was interrupted and queued messages dropped. */
  record Killed() implements StopReason {
    @Override
    public String toString() {
      return "Killed";
    }
  }

  /**
   * The actor failed: a hook or handler threw.
   *
   * @param source which hook or handler threw
   * @param error what it threw
   */
  record Panicked(PanicSource source, Throwable error) implements StopReason {
    /** Creates the reason; both arguments are required. */
    public Panicked {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public String toString() {
      return "Panicked(" + source + ", " + error + ")";
    }
  }

  /**
   * A linked actor died and {@link Actor#onLinkDied} chose to stop too.
   *
   * @param id the id of the linked actor that died
   * @param reason why it died
   */
  record LinkDied(ActorId id, StopReason reason) implements StopReason {
    /** Creates the reason; both arguments are required. */
    public LinkDied {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "LinkDied(" + id + ", " + reason + ")";
    }
  }

  /**
   * The node a remotely linked actor lives on is gone: its connection closed (the node stopped, was
   * killed, or its failure detector gave up on it), so whether the actor still runs is unknown.
   * Only links across nodes ({@code kameo-remote}) report it.
   *
   * @param peer the peer id of the node that was lost, as text
   */
  record PeerDisconnected(String peer) implements StopReason {
    /** Creates the reason; the peer is required. */
    public PeerDisconnected {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String toString() {
      return "PeerDisconnected(" + peer + ")";
    }
  }
}
